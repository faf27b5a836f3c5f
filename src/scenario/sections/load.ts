/** A service's or workload's `load`: the requests-per-second profile and the cost of a request. */
import type { LoadSpec, RpsProfile } from '../../model/load.js';
import type { Static } from '../schema/fields.js';
import { DEFAULT_DNS_NAME, DEFAULT_LATENCY, DIURNAL_DEFAULTS, type Load, type RpsProfile as RawRpsProfile } from '../schema/load.js';
import { parseDuration } from '../units.js';
import { INSTANCE_FAMILIES, instanceTypesInFamily } from '../../model/catalog/instance-types.js';
import { instancePerformance } from '../../model/params/cpu-performance.js';
import { nearest, type Path, type Problems } from './problems.js';

/** What compiling may need from outside: reading a file the scenario names (a traffic trace). */import type { PlacementRegistry } from '../../policy/placement-registry.js';

export interface CompileContext {
  /** Returns the file's text, or undefined when it cannot be read; paths are relative to the scenario. */
  readonly readFile?: (relativePath: string) => string | undefined;
  /** The most hosts a run may have at once (default DEFAULT_MAX_HOSTS; `--max-hosts` raises it). */
  readonly maxHosts?: number;
  /**
   * The placement behaviour the scenario may name: ECS strategy types and kube-scheduler plugins
   * (default: the built-ins). Plugins loaded from outside come in here, from the caller; a
   * scenario names them but never loads code.
   */
  readonly registry?: PlacementRegistry;
}

export function compileLoad(raw: Static<typeof Load> | undefined, path: Path, problems: Problems, context: CompileContext): LoadSpec | null {
  if (raw === undefined) return null;
  const ms = (value: string | number, at: Path): number => problems.need(parseDuration(value), at);
  const cpuPerRequestMs = ms(raw.cpuPerRequest, [...path, 'cpuPerRequest']);
  if (cpuPerRequestMs <= 0) problems.report([...path, 'cpuPerRequest'], 'must be more than 0ms');
  const baseLatencyMs = ms(raw.latency ?? DEFAULT_LATENCY, [...path, 'latency']);
  const dnsLookups = raw.dnsLookupsPerRequest ?? 0;
  const dns = dnsLookups > 0 ? { dns: { lookupsPerRequest: dnsLookups, name: raw.dnsName ?? DEFAULT_DNS_NAME } } : {};
  const rps: RpsProfile = typeof raw.rps === 'number' ? { kind: 'constant', rps: raw.rps } : rpsProfile(raw.rps, [...path, 'rps'], ms, problems, context);
  const reference = raw.measuredOn === undefined ? {} : measuredOn(raw.measuredOn, [...path, 'measuredOn'], problems);
  return { rps, cpuPerRequestMs, baseLatencyMs, ...dns, ...reference };
}

/** The reference family's relative performance, or a problem naming the nearest known family. */
function measuredOn(family: string, path: Path, problems: Problems): { referencePerformance?: number } {
  const type = instanceTypesInFamily(family)[0];
  if (type === undefined) {
    problems.report(path, `no instance family '${family}' in the catalog${nearest(family, INSTANCE_FAMILIES)}`);
    return {};
  }
  return { referencePerformance: instancePerformance(type) };
}

function rpsProfile(o: Static<typeof RawRpsProfile>, path: Path, ms: (value: string | number, at: Path) => number, problems: Problems, context: CompileContext): RpsProfile {
  if (o.steps !== undefined) {
    return { kind: 'steps', steps: o.steps.map((st, i) => ({ atMs: ms(st.at, [...path, 'steps', i, 'at']), rps: st.rps })).sort((a, b) => a.atMs - b.atMs) };
  }
  if (o.ramp !== undefined) {
    const m = o.ramp;
    return { kind: 'ramp', fromRps: m.from, toRps: m.to, startMs: ms(m.start, [...path, 'ramp', 'start']), endMs: ms(m.end, [...path, 'ramp', 'end']) };
  }
  if (o.diurnal !== undefined) {
    const m = o.diurnal;
    return {
      kind: 'diurnal',
      minRps: m.min,
      maxRps: m.max,
      periodMs: ms(m.period ?? DIURNAL_DEFAULTS.period, [...path, 'diurnal', 'period']),
      peakAtMs: ms(m.peakAt ?? DIURNAL_DEFAULTS.peakAt, [...path, 'diurnal', 'peakAt']),
    };
  }
  if (o.spike !== undefined) {
    const m = o.spike;
    return { kind: 'spike', baseRps: m.base, peakRps: m.peak, atMs: ms(m.at, [...path, 'spike', 'at']), durationMs: ms(m.duration, [...path, 'spike', 'duration']) };
  }
  return { kind: 'trace', points: tracePoints(o.trace ?? '', [...path, 'trace'], problems, context) };
}

/** A traffic trace: CSV `time_s,rps`, an optional header, blank lines ignored; sorted by time. */
function tracePoints(file: string, path: Path, problems: Problems, context: CompileContext): { atMs: number; rps: number }[] {
  const text = context.readFile?.(file);
  const points: { atMs: number; rps: number }[] = [];
  if (text === undefined) {
    problems.report(path, `cannot read traffic trace '${file}'`);
    return points;
  }
  text.split(/\r?\n/).forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length < 2 || cells[0] === '' || (i === 0 && Number.isNaN(Number(cells[0])))) return; // blank or header
    const t = Number(cells[0]);
    const v = Number(cells[1]);
    if (!Number.isFinite(t) || !Number.isFinite(v) || v < 0) problems.report(path, `${file}:${i + 1}: expected 'time_s,rps', got '${line}'`);
    else points.push({ atMs: Math.round(t * 1000), rps: v });
  });
  return points.sort((a, b) => a.atMs - b.atMs);
}
