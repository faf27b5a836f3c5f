/**
 * EC2's vCPU quota buckets: the instance family classes an account's On-Demand and Spot vCPU
 * quotas count by (EC2 User Guide, "Amazon EC2 service quotas", On-Demand Instance quotas:
 * "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", "F instances", "G and VT
 * instances", "P instances", "X instances", "Inf instances", "DL instances", "Trn instances",
 * "HPC instances", "High Memory instances"; the Spot quotas count by the same classes). A type's
 * class follows from its family's letters: `c6g` is Standard, `g5` and `vt1` are "G and VT",
 * `inf2` Inf, `u7i-12tb` High Memory.
 */
export type VcpuClass = 'standard' | 'f' | 'g' | 'p' | 'x' | 'inf' | 'dl' | 'trn' | 'hpc' | 'highMemory';

export const VCPU_CLASSES: readonly VcpuClass[] = ['standard', 'f', 'g', 'p', 'x', 'inf', 'dl', 'trn', 'hpc', 'highMemory'];

/** The class's name as Service Quotas and EC2's messages call it. */
export const VCPU_CLASS_NAMES: Readonly<Record<VcpuClass, string>> = {
  standard: 'Standard (A, C, D, H, I, M, R, T, Z)',
  f: 'F',
  g: 'G and VT',
  p: 'P',
  x: 'X',
  inf: 'Inf',
  dl: 'DL',
  trn: 'Trn',
  hpc: 'HPC',
  highMemory: 'High Memory',
};

/**
 * The vCPU quota class of an instance family (`m5`, `c7i-flex`, `u7i-12tb`, `gr6`). Prefixes that
 * share a first letter are told apart first (`hpc` before `h`, `dl` before `d`, `inf` before `i`,
 * `u-`/`u7` High Memory). Throws for a family no class holds (a catalog the table does not know).
 */
export function vcpuClassOf(family: string): VcpuClass {
  if (family.startsWith('hpc')) return 'hpc';
  if (family.startsWith('dl')) return 'dl';
  if (family.startsWith('inf')) return 'inf';
  if (family.startsWith('trn')) return 'trn';
  if (family.startsWith('vt')) return 'g';
  if (/^u(-|\d)/.test(family)) return 'highMemory';
  const first = family[0];
  switch (first) {
    case 'g':
      return 'g';
    case 'p':
      return 'p';
    case 'f':
      return 'f';
    case 'x':
      return 'x';
    case 'a':
    case 'c':
    case 'd':
    case 'h':
    case 'i':
    case 'm':
    case 'r':
    case 't':
    case 'z':
      return 'standard';
    default:
      throw new Error(`no EC2 vCPU quota class for instance family ${family}`);
  }
}
