import type { Argv } from 'yargs';
import { findInstanceType } from '../../model/catalog/instance-types.js';
import type { InstanceType } from '../../model/catalog/instance-type.js';
import { maxPods } from '../../model/network/max-pods.js';
import { ExitCode, type CliIo } from '../io.js';
import { renderRows, type OutputFormat } from '../output-format.js';
import { tableWidth } from '../text-table.js';
import { SHARED_OPTIONS } from '../shared-options.js';

export const command = 'max-pods <instanceTypes..>';
export const describe = "Max pods per EKS node under the VPC CNI (AWS's published figures)";

export function builder(y: Argv) {
  return y
    .positional('instanceTypes', { type: 'string', array: true, demandOption: true, describe: 'EC2 instance types' })
    .option('prefix-delegation', { type: 'boolean', default: false, describe: 'ENABLE_PREFIX_DELEGATION=true (/28 prefixes; 110/250 cap)' })
    .option('cni-custom-networking', { type: 'boolean', default: false, describe: 'Custom networking (the primary ENI carries no pods)' })
    .option('managed-node-group', { type: 'boolean', default: false, describe: "In an EKS managed node group: EKS's cap of 110 below 30 vCPUs, else 250" })
    .option('output', SHARED_OPTIONS.output)
    .example('$0 max-pods c5.large m5.xlarge', 'Secondary-IP mode')
    .example('$0 max-pods c5.large --prefix-delegation -o json', 'With prefix delegation, as JSON')
    .example('$0 max-pods c5.4xlarge --managed-node-group', 'In a managed node group (110, not 234)');
}

export interface MaxPodsArgs {
  readonly instanceTypes: readonly string[];
  readonly prefixDelegation: boolean;
  readonly cniCustomNetworking: boolean;
  readonly managedNodeGroup: boolean;
  readonly output: OutputFormat;
}

/**
 * `fleetsim max-pods <type...>`: the VPC CNI's max pods per node. JSON rows are exactly
 * `{"instanceType": ..., "maxPods": ...}` so scripts can consume them.
 */
export function handler(args: MaxPodsArgs, io: CliIo): number {
  const types: InstanceType[] = [];
  for (const name of args.instanceTypes) {
    const found = findInstanceType(name);
    if (!found.ok) {
      io.stderr(`error: ${found.message}\n`);
      return ExitCode.BadInput;
    }
    types.push(found.type);
  }
  const rows = types.map((t) => ({ instanceType: t.name, maxPods: maxPods(t, { prefixDelegation: args.prefixDelegation, customNetworking: args.cniCustomNetworking, managedNodeGroup: args.managedNodeGroup }) }));
  io.stdout(renderRows(rows, ['instanceType', 'maxPods'], args.output, tableWidth(io)));
  return ExitCode.Ok;
}
