/**
 * The shape of one EC2 instance type as fleetsim models it. Data only; figures come from
 * AWS documentation (see instance-types.ts for sources).
 */
export type CpuArchitecture = 'x86_64' | 'arm64';

export interface InstanceType {
  /** API name, e.g. `c5.large`. */
  readonly name: string;
  /** Family part of the name, e.g. `c5`. */
  readonly family: string;
  /** Size part of the name, e.g. `large`, `2xlarge`, `metal`. */
  readonly size: string;
  readonly vcpu: number;
  /** Memory in MiB as EC2 reports it (DescribeInstanceTypes MemoryInfo.SizeInMiB). */
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  readonly gpus: number;
  /** Maximum network interfaces on the default network card. */
  readonly maxEnis: number;
  /** IPv4 addresses per ENI (the primary address included). */
  readonly ipv4PerEni: number;
  /** Built on the Nitro system (required for VPC CNI prefix delegation). */
  readonly nitro: boolean;
  /** Network performance as AWS words it, e.g. `Up to 10 Gigabit`. */
  readonly networkPerformance: string;
  /** Baseline network bandwidth in Gbps (the sustained figure; `Up to` types burst above it). */
  readonly baselineBandwidthGbps: number;
  /** Peak (burst) network bandwidth in Gbps. */
  readonly peakBandwidthGbps: number;
  /** us-east-1 Linux on-demand price, USD per hour. */
  readonly onDemandHourlyUsd: number;
  /**
   * ECS ENI trunking (`awsvpcTrunking`): the number of awsvpc tasks the instance supports with
   * trunking enabled, or undefined when the type does not support trunking.
   */
  readonly ecsTrunkingTaskLimit?: number;
}
