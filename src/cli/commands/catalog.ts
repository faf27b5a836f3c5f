import type { Argv } from 'yargs';
import { INSTANCE_FAMILIES, INSTANCE_TYPES, instanceTypesInFamily } from '../../model/catalog/instance-types.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import { maxPods } from '../../model/network/max-pods.js';
import { suggest } from '../../engine/did-you-mean.js';
import { ExitCode, type CliIo } from '../io.js';
import { renderRows, type OutputFormat } from '../output-format.js';
import { tableWidth } from '../text-table.js';
import { SHARED_OPTIONS } from '../shared-options.js';

export const command = 'catalog';
export const describe = 'List the EC2 instance types fleetsim models';

export function builder(y: Argv) {
  return y
    .option('family', { type: 'string', nargs: 1, describe: 'Only this family, e.g. c6g' })
    .option('output', SHARED_OPTIONS.output)
    .example('$0 catalog --family c6g', 'The Graviton2 compute family');
}

export interface CatalogArgs {
  readonly family?: string;
  readonly output: OutputFormat;
}

/** `8x nvidia a100 (40960 MiB)`, `16x aws trainium (32 NeuronCores)`, or null: the type's GPUs and accelerators. */
function acceleratorsOf(t: InstanceType): string | null {
  const parts: string[] = [];
  if (t.gpu) parts.push(`${t.gpus}x ${t.gpu.manufacturer} ${t.gpu.name} (${t.gpu.memoryMiB} MiB)`);
  const a = t.accelerator;
  if (a) parts.push(`${a.count}x ${a.manufacturer} ${a.name}${a.neuronCores === undefined ? '' : ` (${a.neuronCores} NeuronCores)`}`);
  return parts.length > 0 ? parts.join(' + ') : null;
}

/**
 * `fleetsim catalog [--family f]`: the instance types fleetsim knows, with their limits. One row
 * per type; `null` (an empty cell) where the catalog has no figure (docs/instance-catalog.md).
 */
export function handler(args: CatalogArgs, io: CliIo): number {
  let types: readonly InstanceType[] = INSTANCE_TYPES;
  if (args.family !== undefined) {
    types = instanceTypesInFamily(args.family);
    if (types.length === 0) {
      const hits = suggest(args.family, INSTANCE_FAMILIES);
      io.stderr(`error: unknown instance family '${args.family}'${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : ''}\n`);
      return ExitCode.BadInput;
    }
  }
  const rows = types.map((t) => ({
    instanceType: t.name,
    vcpu: t.vcpu,
    memoryMiB: t.memoryMiB,
    arch: t.architecture,
    gpus: t.gpus,
    accelerators: acceleratorsOf(t),
    // Bare metal types run without a hypervisor; EC2 reports none for them.
    hypervisor: t.bareMetal ? 'metal' : (t.hypervisor ?? null),
    networkCards: t.networkCards.length,
    maxEnis: t.maxEnis,
    maxEnisAllCards: t.maxEnisAllCards,
    ipv4PerEni: t.ipv4PerEni,
    maxPods: maxPods(t),
    maxPodsPrefixDelegation: maxPods(t, { prefixDelegation: true }),
    efaInterfaces: t.maxEfaInterfaces,
    branchEnis: t.branchEniLimit ?? null,
    ecsTrunkingTasks: t.ecsTrunkingTaskLimit ?? null,
    localNvmeGB: t.localNvmeGB ?? null,
    network: t.networkPerformance ?? null,
    baselineGbps: t.baselineBandwidthGbps ?? null,
    onDemandUsdPerHour: t.onDemandHourlyUsd,
  }));
  io.stdout(renderRows(rows, Object.keys(rows[0] ?? { instanceType: '' }), args.output, tableWidth(io)));
  return ExitCode.Ok;
}
