/**
 * Karpenter's instance-type reference (aws/karpenter-provider-aws,
 * website/content/en/docs/reference/instance-types.md): for every type EC2 offers in the regions
 * its generator queried, the well-known labels Karpenter derives from DescribeInstanceTypes
 * (vCPUs, memory, architecture, hypervisor, GPUs, accelerators, local NVMe, bandwidth) and the
 * resources it advertises (`nvidia.com/gpu`, `aws.amazon.com/neuroncore`, `vpc.amazonaws.com/efa`).
 */
import { tableCells } from './markdown-table.js';

export interface KarpenterReferenceEntry {
  /** Label key -> value, e.g. `karpenter.k8s.aws/instance-cpu` -> `2`. */
  readonly labels: ReadonlyMap<string, string>;
  /** Resource name -> quantity as printed, e.g. `cpu` -> `1930m`. */
  readonly resources: ReadonlyMap<string, string>;
}

/** Instance type name -> its labels and resources, in document order. */
export function parseKarpenterReference(markdown: string): ReadonlyMap<string, KarpenterReferenceEntry> {
  const out = new Map<string, { labels: Map<string, string>; resources: Map<string, string> }>();
  let current: { labels: Map<string, string>; resources: Map<string, string> } | undefined;
  let section: 'labels' | 'resources' | undefined;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const type = /^### `([^`]+)`\s*$/.exec(line);
    if (type) {
      const name = type[1]!;
      if (out.has(name)) throw new SyntaxError(`line ${i + 1}: ${name} is listed twice`);
      current = { labels: new Map(), resources: new Map() };
      out.set(name, current);
      section = undefined;
      continue;
    }
    if (/^#{1,3}\s/.test(line)) {
      current = undefined; // a family heading or any other section ends the type
      continue;
    }
    if (/^####\s+Labels\s*$/.test(line)) section = 'labels';
    else if (/^####\s+Resources\s*$/.test(line)) section = 'resources';
    else if (current && section && line.trimStart().startsWith('|')) {
      const [key, value] = tableCells(line);
      if (key === undefined || value === undefined || /^-+$/.test(key) || key === 'Label' || key === 'Resource') continue;
      const into = section === 'labels' ? current.labels : current.resources;
      if (into.has(key)) throw new SyntaxError(`line ${i + 1}: ${key} repeated`);
      into.set(key, value);
    }
  }
  return out;
}
