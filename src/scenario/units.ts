/**
 * Parsers for the units scenario files use. Each returns a number in fleetsim's internal unit or
 * an error message; none throws, so the loader can report every problem with its position.
 */
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../model/resources.js';

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
    return ok(Math.round(input * 1000));
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
  return ok(Math.round(total));
}

/**
 * Kubernetes CPU quantities: `250m` (millicores), `0.5`, `2`. Returns cpu shares.
 */
export function parseKubernetesCpu(input: unknown): Parsed {
  if (typeof input === 'number') {
    if (!(input > 0) || !Number.isFinite(input)) return fail(`must be a positive CPU quantity, got ${input}`);
    return ok(Math.round(input * CPU_SHARES_PER_VCPU));
  }
  if (typeof input !== 'string') return fail("must be a CPU quantity such as 250m, 0.5 or 2");
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(input.trim());
  if (m === null) return fail(`'${input}' is not a CPU quantity; use cores (0.5, 2) or millicores (250m)`);
  const n = Number(m[1]);
  if (n <= 0) return fail(`must be a positive CPU quantity, got ${input}`);
  return ok(Math.round(m[2] === 'm' ? n * CPU_SHARES_PER_MILLICORE : n * CPU_SHARES_PER_VCPU));
}

/**
 * ECS task CPU as RegisterTaskDefinition accepts it: CPU units (`256`, `"1024"`) or vCPUs
 * (`"0.25 vCPU"`, `"1 vcpu"`). 1,024 units = 1 vCPU. Returns cpu shares.
 */
export function parseEcsCpu(input: unknown): Parsed {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input <= 0) return fail(`must be a positive whole number of CPU units (1024 = 1 vCPU), got ${input}`);
    return ok(input * CPU_SHARES_PER_ECS_UNIT);
  }
  if (typeof input !== 'string') return fail("must be CPU units (e.g. 512) or vCPUs (e.g. '0.5 vCPU')");
  const text = input.trim();
  if (/^\d+$/.test(text)) return parseEcsCpu(Number(text));
  const m = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(text);
  if (m === null) return fail(`'${input}' is not an ECS CPU value; use CPU units (512) or vCPUs ('0.5 vCPU')`);
  const vcpu = Number(m[1]);
  if (vcpu <= 0) return fail(`must be a positive CPU value, got ${input}`);
  return ok(Math.round(vcpu * 1024) * CPU_SHARES_PER_ECS_UNIT);
}

/**
 * ECS task memory as RegisterTaskDefinition accepts it: MiB (`512`, `"2048"`) or GB
 * (`"2 GB"`, where ECS means 1 GB = 1,024 MiB). Returns MiB.
 */
export function parseEcsMemory(input: unknown): Parsed {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input <= 0) return fail(`must be a positive whole number of MiB, got ${input}`);
    return ok(input);
  }
  if (typeof input !== 'string') return fail("must be MiB (e.g. 1024) or GB (e.g. '2 GB')");
  const text = input.trim();
  if (/^\d+$/.test(text)) return parseEcsMemory(Number(text));
  const m = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
  if (m === null) return fail(`'${input}' is not an ECS memory value; use MiB (1024) or GB ('2 GB')`);
  return ok(Math.round(Number(m[1]) * 1024));
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
    return ok(Math.ceil(input / 1024 ** 2));
  }
  if (typeof input !== 'string') return fail('must be a size such as 512Mi, 2Gi or 200MB');
  const m = /^(\d+(?:\.\d+)?)\s*(k|M|G|T|Ki|Mi|Gi|Ti|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?$/.exec(input.trim());
  if (m === null) return fail(`'${input}' is not a size; use a number with Ki, Mi, Gi (binary) or k, M, G, MB, GB (decimal)`);
  return ok(Math.ceil((Number(m[1]) * BYTE_SUFFIXES[m[2] ?? '']!) / 1024 ** 2));
}

const DECIMAL_QUANTITY_SUFFIXES: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/**
 * A plain Kubernetes quantity (resource.Quantity) for a metric value: `10k`, `500m`, `2.5`,
 * `1Mi`, or a number. Returns the number it stands for.
 */
export function parseQuantity(input: unknown): Parsed {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return fail(`must be a non-negative quantity, got ${input}`);
    return ok(input);
  }
  if (typeof input !== 'string') return fail('must be a quantity such as 10k, 500m or 2');
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti)?$/.exec(input.trim());
  if (m === null) return fail(`'${input}' is not a quantity; use a number with an optional suffix m, k, M, G (e.g. 10k, 500m)`);
  return ok(Number(m[1]) * DECIMAL_QUANTITY_SUFFIXES[m[2] ?? '']!);
}
