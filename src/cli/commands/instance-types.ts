import { findInstanceType, INSTANCE_FAMILIES, INSTANCE_TYPES, instanceTypesInFamily } from '../../model/catalog/instance-types.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import { maxPods } from '../../model/network/max-pods.js';
import { suggest } from '../../engine/did-you-mean.js';
import { ExitCode, type CliIo } from '../io.js';
import { renderRows, type OutputFormat } from '../output-format.js';

/**
 * `fleetsim max-pods <type...>`: the VPC CNI's max pods per node. JSON rows are exactly
 * `{"instanceType": ..., "maxPods": ...}` so scripts can consume them.
 */
export function maxPodsCommand(
  names: readonly string[],
  opts: { prefixDelegation: boolean; customNetworking: boolean; format: OutputFormat },
  io: CliIo,
): number {
  const types: InstanceType[] = [];
  for (const name of names) {
    const found = findInstanceType(name);
    if (!found.ok) {
      io.stderr(`error: ${found.message}\n`);
      return ExitCode.BadInput;
    }
    types.push(found.type);
  }
  const rows = types.map((t) => ({ instanceType: t.name, maxPods: maxPods(t, { prefixDelegation: opts.prefixDelegation, customNetworking: opts.customNetworking }) }));
  io.stdout(renderRows(rows, ['instanceType', 'maxPods'], opts.format));
  return ExitCode.Ok;
}

/** `fleetsim catalog [--family f]`: the instance types fleetsim knows, with their limits. */
export function catalogCommand(opts: { family?: string; format: OutputFormat }, io: CliIo): number {
  let types: readonly InstanceType[] = INSTANCE_TYPES;
  if (opts.family !== undefined) {
    types = instanceTypesInFamily(opts.family);
    if (types.length === 0) {
      const hits = suggest(opts.family, INSTANCE_FAMILIES);
      io.stderr(`error: unknown instance family '${opts.family}'${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : ''}\n`);
      return ExitCode.BadInput;
    }
  }
  const rows = types.map((t) => ({
    instanceType: t.name,
    vcpu: t.vcpu,
    memoryMiB: t.memoryMiB,
    arch: t.architecture,
    gpus: t.gpus,
    maxEnis: t.maxEnis,
    ipv4PerEni: t.ipv4PerEni,
    maxPods: maxPods(t),
    maxPodsPrefixDelegation: maxPods(t, { prefixDelegation: true }),
    ecsTrunkingTasks: t.ecsTrunkingTaskLimit ?? null,
    network: t.networkPerformance,
    onDemandUsdPerHour: t.onDemandHourlyUsd,
  }));
  io.stdout(renderRows(rows, Object.keys(rows[0] ?? { instanceType: '' }), opts.format));
  return ExitCode.Ok;
}
