/**
 * CloudFormation's intrinsic functions, resolved where the template alone determines the value:
 * Ref to parameters (the import's `parameters`, else the Default), to pseudo parameters and to
 * the resources fleetsim models (an identity the importers agree on: a subnet's logical ID, a
 * task definition's ARN, ...); Fn::GetAtt of those; Fn::Sub, Fn::Join, Fn::Select, Fn::Split,
 * Fn::GetAZs (the scenario's zones for its region), Fn::FindInMap, Fn::If with the template's
 * Conditions, Fn::Cidr and Fn::Base64. Anything else (Fn::ImportValue, an attribute of a resource fleetsim
 * does not model, an SSM parameter) becomes an Unresolved value saying why, which the field
 * tables report wherever it lands.
 */
import { isObject, type Json } from '../account-fields.js';
import { isUnresolved, unresolved, type Unresolved } from '../unresolved.js';

/** The AWS account CloudFormation would deploy to; templates rarely depend on it (cdk synth writes it as a literal). */
export const STAND_IN_ACCOUNT = '123456789012';

/** What a Ref or Fn::GetAtt of a modelled resource gives. */
export interface ResourceIdentity {
  readonly ref: (logicalId: string) => unknown;
  readonly getAtt: (logicalId: string, attribute: string) => unknown;
}

export interface ResolveContext {
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly stackName: string;
  /** Parameter values: the import's, else the Default; Unresolved where neither gives one. */
  readonly parameters: ReadonlyMap<string, unknown>;
  readonly mappings: Json;
  readonly conditions: Json;
  /** Ref and Fn::GetAtt of resources; undefined for a logical ID the template does not have. */
  readonly resources: (logicalId: string) => ResourceIdentity | undefined;
}

/** Marks a property that `Ref: AWS::NoValue` removes. */
export const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves every intrinsic function in `value`. Never throws: what cannot be resolved becomes an
 * Unresolved value in its place.
 */
export function resolve(value: unknown, rc: ResolveContext, depth = 0): unknown {
  if (depth > 64) return unresolved('intrinsic functions nested too deeply');
  if (Array.isArray(value)) return value.map((v) => resolve(v, rc, depth + 1)).filter((v) => v !== NO_VALUE);
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition')) return intrinsic(keys[0]!, value[keys[0]!], rc, depth + 1);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const resolved = resolve(v, rc, depth + 1);
    if (resolved !== NO_VALUE) out[k] = resolved;
  }
  return out;
}

function intrinsic(fn: string, arg: unknown, rc: ResolveContext, depth: number): unknown {
  const r = (v: unknown): unknown => resolve(v, rc, depth);
  switch (fn) {
    case 'Ref':
      return typeof arg === 'string' ? ref(arg, rc) : unresolved('Ref takes a name');
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? arg.map((a) => r(a)) : typeof arg === 'string' ? splitOnce(arg) : [];
      if (typeof id !== 'string' || typeof attribute !== 'string') return unresolved('Fn::GetAtt takes [logicalId, attribute]');
      const resource = rc.resources(id);
      return resource === undefined ? unresolved(`Fn::GetAtt of '${id}', which the template does not have`) : resource.getAtt(id, attribute);
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2) return unresolved('Fn::Join takes [delimiter, list]');
      const list = r(arg[1]);
      if (!Array.isArray(list)) return isUnresolved(list) ? list : unresolved('Fn::Join of something that is not a list');
      const blocker = list.find((v) => typeof v !== 'string' && typeof v !== 'number');
      if (blocker !== undefined) return isUnresolved(blocker) ? blocker : unresolved('Fn::Join of a value that is not a string');
      return list.join(String(arg[0]));
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return unresolved('Fn::Select takes [index, list]');
      const index = Number(r(arg[0]));
      const list = r(arg[1]);
      if (!Array.isArray(list)) return isUnresolved(list) ? list : unresolved('Fn::Select from something that is not a list');
      return Number.isInteger(index) && index >= 0 && index < list.length ? list[index] : unresolved(`Fn::Select index ${String(arg[0])} is outside the list`);
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2) return unresolved('Fn::Split takes [delimiter, string]');
      const text = r(arg[1]);
      return typeof text === 'string' ? text.split(String(arg[0])) : isUnresolved(text) ? text : unresolved('Fn::Split of something that is not a string');
    }
    case 'Fn::GetAZs': {
      const region = r(arg);
      if (region === '' || region === rc.region) return [...rc.availabilityZones];
      return typeof region === 'string' ? [`${region}a`, `${region}b`, `${region}c`] : unresolved('Fn::GetAZs takes a region');
    }
    case 'Fn::Sub':
      return sub(arg, rc, depth);
    case 'Fn::FindInMap': {
      if (!Array.isArray(arg) || arg.length < 3) return unresolved('Fn::FindInMap takes [map, key, key]');
      const [map, top, second] = arg.slice(0, 3).map((a) => r(a));
      const found = isObject(rc.mappings[String(map)]) ? (rc.mappings[String(map)] as Json)[String(top)] : undefined;
      const value = isObject(found) ? found[String(second)] : undefined;
      return value === undefined ? unresolved(`Fn::FindInMap: no ${String(map)}.${String(top)}.${String(second)} in Mappings`) : r(value);
    }
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3) return unresolved('Fn::If takes [condition, then, else]');
      const holds = condition(String(arg[0]), rc, depth);
      return typeof holds === 'boolean' ? r(holds ? arg[1] : arg[2]) : holds;
    }
    case 'Fn::Base64':
      return r(arg);
    case 'Fn::Cidr': {
      const [block, count, bits] = Array.isArray(arg) ? arg.map((a) => r(a)) : [];
      return cidrs(block, Number(count), Number(bits));
    }
    case 'Fn::ImportValue':
      return unresolved("Fn::ImportValue reads another stack's export, which this template does not have");
    default:
      return unresolved(`${fn} is not resolved by fleetsim`);
  }
}

function ref(name: string, rc: ResolveContext): unknown {
  switch (name) {
    case 'AWS::Region':
      return rc.region;
    case 'AWS::AccountId':
      return STAND_IN_ACCOUNT;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return rc.stackName;
    case 'AWS::StackId':
      return `arn:aws:cloudformation:${rc.region}:${STAND_IN_ACCOUNT}:stack/${rc.stackName}/fleetsim`;
    case 'AWS::NotificationARNs':
      return [];
    case 'AWS::NoValue':
      return NO_VALUE;
  }
  if (rc.parameters.has(name)) return rc.parameters.get(name);
  const resource = rc.resources(name);
  return resource === undefined ? unresolved(`Ref '${name}': no such parameter or resource`) : resource.ref(name);
}

/** Fn::Sub: `${Param}`, `${Resource}`, `${Resource.Attribute}` and `${!Literal}`; variables given as [template, {name: value}]. */
function sub(arg: unknown, rc: ResolveContext, depth: number): unknown {
  const [template, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) && typeof arg[0] === 'string' ? [arg[0], isObject(arg[1]) ? arg[1] : {}] : [undefined, {}];
  if (template === undefined) return unresolved('Fn::Sub takes a string, or [string, variables]');
  let blocked: Unresolved | undefined;
  const text = template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const value = Object.hasOwn(vars, name) ? resolve((vars as Json)[name], rc, depth) : name.includes('.') && !name.startsWith('AWS::') ? intrinsic('Fn::GetAtt', name, rc, depth) : ref(name, rc);
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    blocked ??= isUnresolved(value) ? value : unresolved(`Fn::Sub: \${${name}} is not a string`);
    return whole;
  });
  return blocked ?? text;
}

/** A Conditions entry's truth, or Unresolved. */
function condition(name: string, rc: ResolveContext, depth: number): boolean | Unresolved {
  const body = rc.conditions[name];
  if (body === undefined) return unresolved(`no condition '${name}' in Conditions`);
  return truth(body, rc, depth + 1);
}

function truth(expr: unknown, rc: ResolveContext, depth: number): boolean | Unresolved {
  if (depth > 64) return unresolved('conditions nested too deeply');
  if (!isObject(expr)) return unresolved('a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition');
  const [fn, arg] = Object.entries(expr)[0] ?? [];
  const list = Array.isArray(arg) ? arg : [];
  const all = (): (boolean | Unresolved)[] => list.map((e) => truth(e, rc, depth + 1));
  switch (fn) {
    case 'Fn::Equals': {
      const [a, b] = list.map((v) => resolve(v, rc, depth));
      if (isUnresolved(a)) return a;
      if (isUnresolved(b)) return b;
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not': {
      const v = truth(list[0], rc, depth + 1);
      return typeof v === 'boolean' ? !v : v;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const values = all();
      const blocked = values.find((v) => typeof v !== 'boolean');
      if (blocked !== undefined) return blocked;
      return fn === 'Fn::And' ? values.every((v) => v === true) : values.some((v) => v === true);
    }
    case 'Condition':
      return condition(String(arg), rc, depth);
    default:
      return unresolved(`${String(fn)} is not a condition function`);
  }
}

/** Whether the resource's Condition holds (true when it has none); Unresolved when it cannot be told. */
export function conditionHolds(name: unknown, rc: ResolveContext): boolean | Unresolved {
  return name === undefined ? true : condition(String(name), rc, 0);
}

/** Fn::Cidr: `count` consecutive IPv4 CIDRs of `bits` host bits each, from the start of `block`. */
function cidrs(block: unknown, count: number, bits: number): string[] | Unresolved {
  const m = typeof block === 'string' ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(block) : null;
  if (m === null) return isUnresolved(block) ? block : unresolved('Fn::Cidr takes an IPv4 CIDR block');
  const prefix = 32 - bits;
  if (!Number.isInteger(count) || count < 1 || count > 256 || !Number.isInteger(bits) || bits < 2 || prefix < Number(m[5])) return unresolved('Fn::Cidr: the count or the size does not fit the block');
  const start = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const size = 2 ** bits;
  if ((count * size) > 2 ** (32 - Number(m[5]))) return unresolved('Fn::Cidr: the block is too small for that many subnets');
  return Array.from({ length: count }, (_, i) => {
    const a = (start + i * size) >>> 0;
    return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${prefix}`;
  });
}

function splitOnce(value: string): string[] {
  const at = value.indexOf('.');
  return at === -1 ? [value] : [value.slice(0, at), value.slice(at + 1)];
}
