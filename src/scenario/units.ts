/**
 * Parsers for the units scenario files use. Each returns a number in fleetsim's internal unit or
 * an error message; none throws, so the loader can report every problem with its position.
 */
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_VCPU } from '../model/resources.js';
import { formatCount, MAX_API_INTEGER, MAX_SCENARIO_NUMBER } from './limits.js';

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

const ok = (value: number): Parsed => ({ ok: true, value });
const fail = (message: string): Parsed => ({ ok: false, message });

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Durations: `500ms`, `90s`, `5m`, `2h`, `1d`, compounds like `1h30m`, or a bare number of
 * seconds (as AWS APIs and Kubernetes `...Seconds` fields take them). Returns ms.
 */
export function parseDuration(input: unknown): Parsed {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return fail(`must be a non-negative duration, got ${input}`);
    return clockBound(Math.round(input * 1000), input);
  }
  if (typeof input !== 'string') return fail('must be a duration such as 90s, 5m or 2h');
  const text = input.trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (text.length === 0 || matched !== text.length) return fail(`'${input}' is not a duration; use a number with ms, s, m, h or d (e.g. 90s, 5m, 1h30m)`);
  return clockBound(Math.round(total), input);
}

/** A duration in ms the simulator's clock can count (whole ms in a double: at most 2^53 - 1, about 285,000 years). */
function clockBound(ms: number, input: string | number): Parsed {
  if (!(ms <= MAX_SCENARIO_NUMBER)) return fail(`${typeof input === 'string' ? `'${input}'` : input} is longer than the simulator's clock can count (2^53 ms, about 285,000 years)`);
  return ok(ms);
}

/** The format Kubernetes' resource.Quantity parser accepts (k8s.io/apimachinery/pkg/api/resource, splitREString). */
export const QUANTITY_FORMAT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** The API server's words for a quantity that does not parse (ErrFormatWrong, ErrSuffix). */
export const QUANTITY_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_FORMAT}'`;
export const QUANTITY_SUFFIX_WRONG = "unable to parse quantity's suffix";

/** The largest quantity Kubernetes reads as a whole number (`Value()`, int64). */
const MAX_QUANTITY = 2 ** 63 - 1;

const DECIMAL_SI: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * A Kubernetes quantity as the API server parses it (resource.ParseQuantity): a signed decimal
 * number, then a binary suffix (Ki Mi Gi Ti Pi Ei), a decimal one (n u m k M G T P E) or a
 * decimal exponent (e3, E-2). `256MB` does not match the format, `512Gu` has a bad suffix: both
 * are refused with the API server's message. A YAML number is taken as is (JSON clients send
 * numbers). Returns the value in base units (cores, bytes), or why not.
 */
export function parseQuantity(input: unknown, what = 'Kubernetes quantity', hint = ''): Parsed {
  if (typeof input === 'number') return Number.isFinite(input) && Math.abs(input) <= MAX_QUANTITY ? ok(input) : fail(`${input} is too large for a Kubernetes quantity (at most 2^63 - 1)`);
  if (typeof input !== 'string') return fail(`must be a ${what} such as 250m, 2, 512Mi or 1Gi`);
  const text = input.trim();
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(text);
  if (m === null || `${m[2]}${m[3] ?? ''}` === '') return fail(`'${input}' is not a ${what}: ${QUANTITY_FORMAT_WRONG}${bytesHint(text) || hint}`);
  const suffix = m[4]!;
  let scale: number;
  if (suffix in DECIMAL_SI) scale = 10 ** DECIMAL_SI[suffix]!;
  else if (suffix in BINARY_SI) scale = 2 ** BINARY_SI[suffix]!;
  else if (/^[eE][-+]?[0-9]+$/.test(suffix)) scale = 10 ** Number(suffix.slice(1));
  else return fail(`'${input}' is not a ${what}: ${QUANTITY_SUFFIX_WRONG}${bytesHint(text) || hint}`);
  const value = Number(`${m[1]}${m[2] || '0'}.${m[3] || '0'}`) * scale;
  if (!(Math.abs(value) <= MAX_QUANTITY)) return fail(`'${input}' is too large for a Kubernetes quantity (at most 2^63 - 1)`);
  return ok(value);
}

/** `256MB` and friends: what Kubernetes calls them. */
function bytesHint(text: string): string {
  const m = /^[0-9.]+\s*([KMGTPE])i?B$/i.exec(text);
  if (m === null) return '';
  const unit = m[1]!.toUpperCase() === 'K' ? 'k' : m[1]!.toUpperCase();
  return ` (bytes are written ${text.replace(/\s*[KMGTPE]i?B$/i, '')}${unit === 'k' ? 'Ki' : `${unit}i`} in powers of 1024, or ${text.replace(/\s*[KMGTPE]i?B$/i, '')}${unit} in powers of 1000)`;
}

/**
 * Kubernetes CPU quantities: `250m` (millicores), `0.5`, `2`, and the rest of the quantity
 * grammar (parseQuantity). Returns cpu shares; a request must be more than 0.
 */
export function parseKubernetesCpu(input: unknown): Parsed {
  if (typeof input !== 'number' && typeof input !== 'string') return fail('must be a CPU quantity such as 250m, 0.5 or 2');
  const cores = parseQuantity(input, 'CPU quantity', ' (use cores, 0.5 or 2, or millicores, 250m)');
  if (!cores.ok) return cores;
  if (!(cores.value > 0)) return fail(`must be a positive CPU quantity, got ${input}`);
  return ok(Math.round(cores.value * CPU_SHARES_PER_VCPU));
}

/**
 * Kubernetes memory quantities (`128Mi`, `1Gi`, `500M`, `1e9`; parseQuantity), for pod requests
 * and limits, HPA targets and NodePool limits. Returns MiB, rounded up to a whole MiB.
 */
export function parseKubernetesMemory(input: unknown): Parsed {
  if (typeof input !== 'number' && typeof input !== 'string') return fail('must be a memory quantity such as 128Mi, 1Gi or 500M');
  const bytes = parseQuantity(input, 'memory quantity', ' (use 128Mi, 1Gi, or 500M)');
  if (!bytes.ok) return bytes;
  if (bytes.value < 0) return fail(`must be greater than or equal to 0, got ${input}`);
  return ok(Math.ceil(bytes.value / 1024 ** 2));
}

/**
 * ECS task CPU as RegisterTaskDefinition accepts it: CPU units (`256`, `"1024"`) or vCPUs
 * (`"0.25 vCPU"`, `"1 vcpu"`). 1,024 units = 1 vCPU. Returns cpu shares.
 */
export function parseEcsCpu(input: unknown): Parsed {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input <= 0) return fail(`must be a positive whole number of CPU units (1024 = 1 vCPU), got ${input}`);
    if (input > MAX_ECS_TASK_CPU) return fail(`${formatCount(input)} CPU units is more than a task may have (${formatCount(MAX_ECS_TASK_CPU)} units, 192 vCPU: RegisterTaskDefinition's range)`);
    return ok(input * CPU_SHARES_PER_ECS_UNIT);
  }
  if (typeof input !== 'string') return fail("must be CPU units (e.g. 512) or vCPUs (e.g. '0.5 vCPU')");
  const text = input.trim();
  if (/^\d+$/.test(text)) return parseEcsCpu(Number(text));
  const m = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(text);
  if (m === null) return fail(`'${input}' is not an ECS CPU value; use CPU units (512) or vCPUs ('0.5 vCPU')`);
  const vcpu = Number(m[1]);
  if (vcpu <= 0) return fail(`must be a positive CPU value, got ${input}`);
  return parseEcsCpu(Math.round(vcpu * 1024));
}

/** RegisterTaskDefinition: task cpu "between 128 CPU units (0.125 vCPUs) and 196608 CPU units (192 vCPUs)" on EC2. */
export const MAX_ECS_TASK_CPU = 196_608;

/**
 * ECS task memory as RegisterTaskDefinition accepts it: MiB (`512`, `"2048"`) or GB
 * (`"2 GB"`, where ECS means 1 GB = 1,024 MiB). Returns MiB.
 */
export function parseEcsMemory(input: unknown): Parsed {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input <= 0) return fail(`must be a positive whole number of MiB, got ${input}`);
    if (input > MAX_API_INTEGER) return fail(`${formatCount(input)} MiB is more than the ECS API's integer type holds (${formatCount(MAX_API_INTEGER)})`);
    return ok(input);
  }
  if (typeof input !== 'string') return fail("must be MiB (e.g. 1024) or GB (e.g. '2 GB')");
  const text = input.trim();
  if (/^\d+$/.test(text)) return parseEcsMemory(Number(text));
  const m = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
  if (m === null) return fail(`'${input}' is not an ECS memory value; use MiB (1024) or GB ('2 GB')`);
  return parseEcsMemory(Math.round(Number(m[1]) * 1024));
}

const BYTE_SUFFIXES: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/**
 * Byte quantities: Kubernetes suffixes (`512Mi`, `2Gi`, `1G`, `500M`), the IEC spelling (`50MiB`)
 * and the MB/GB spelling people use for image sizes (decimal, as registries report them). A bare number is bytes.
 * Returns MiB, rounded up to a whole MiB (fleetsim's memory unit).
 */
export function parseByteQuantity(input: unknown): Parsed {
  if (typeof input === 'number') {
    if (!(input >= 0) || !Number.isFinite(input)) return fail(`must be a non-negative size, got ${input}`);
    return sizeBound(Math.ceil(input / 1024 ** 2), input);
  }
  if (typeof input !== 'string') return fail('must be a size such as 512Mi, 2Gi or 200MB');
  const m = /^(\d+(?:\.\d+)?)\s*(k|M|G|T|Ki|Mi|Gi|Ti|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?$/.exec(input.trim());
  if (m === null) return fail(`'${input}' is not a size; use a number with Ki, Mi, Gi (binary) or k, M, G, MB, GB (decimal)`);
  return sizeBound(Math.ceil((Number(m[1]) * BYTE_SUFFIXES[m[2] ?? '']!) / 1024 ** 2), input);
}

/** A size in MiB within what a scenario's numbers may be. */
function sizeBound(mib: number, input: string | number): Parsed {
  if (!(mib <= MAX_SCENARIO_NUMBER)) return fail(`${typeof input === 'string' ? `'${input}'` : input} is too large a size`);
  return ok(mib);
}
