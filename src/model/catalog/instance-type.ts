/**
 * The shape of one EC2 instance type as fleetsim models it. Data only; the figures are generated
 * from AWS-derived sources (docs/instance-catalog.md names the source and date of every field).
 */
export type CpuArchitecture = 'x86_64' | 'arm64';

/** The virtualisation EC2 reports for a type (DescribeInstanceTypes `Hypervisor`). */
export type Hypervisor = 'nitro' | 'xen';

/** One GPU of a GPU type (every GPU of a type is the same model). */
export interface GpuSpec {
  /** Lower case, as Karpenter labels it: `nvidia`, `amd`. */
  readonly manufacturer: string;
  /** Lower case model, as Karpenter labels it: `t4`, `a10g`, `a100`, `h100`. */
  readonly name: string;
  /** Memory of one GPU, MiB. */
  readonly memoryMiB: number;
}

/** The non-GPU accelerators of a type (AWS Inferentia and Trainium, Qualcomm AI 100, ...). */
export interface AcceleratorSpec {
  readonly count: number;
  /** Lower case, as Karpenter labels it: `aws`, `qualcomm`. */
  readonly manufacturer: string;
  /** Lower case, as Karpenter labels it: `inferentia`, `inferentia2`, `trainium`. */
  readonly name: string;
  /** NeuronCores the Neuron device plugin advertises (`aws.amazon.com/neuroncore`); Neuron devices only. */
  readonly neuronCores?: number;
}

export interface InstanceType {
  /** API name, e.g. `c5.large`. */
  readonly name: string;
  /** Family part of the name, e.g. `c5`, `c7i-flex`, `u7i-12tb`. */
  readonly family: string;
  /** Size part of the name, e.g. `large`, `2xlarge`, `metal`, `metal-24xl`. */
  readonly size: string;
  readonly vcpu: number;
  /** Memory in MiB as EC2 reports it (DescribeInstanceTypes MemoryInfo.SizeInMiB). */
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  /** GPUs; 0 for a type without GPUs. */
  readonly gpus: number;
  /** The GPU model, present exactly when `gpus > 0`. */
  readonly gpu?: GpuSpec;
  /** Non-GPU accelerators, when the type has any. */
  readonly accelerator?: AcceleratorSpec;
  /**
   * Maximum network interfaces on the default network card: what the VPC CNI uses (it attaches
   * ENIs to the default card only), so the max-pods figures follow it.
   */
  readonly maxEnis: number;
  /** Maximum network interfaces of every network card together (EC2 `MaximumNetworkInterfaces`). */
  readonly maxEnisAllCards: number;
  /** Maximum network interfaces of each network card, by card index (one entry per card). */
  readonly networkCards: readonly number[];
  /** Index of the default network card in {@link networkCards}. */
  readonly defaultNetworkCardIndex: number;
  /** IPv4 addresses per ENI (the primary address included). */
  readonly ipv4PerEni: number;
  /**
   * The hypervisor EC2 reports; absent on bare metal types, which run without one (EC2 reports
   * none for most of them).
   */
  readonly hypervisor?: Hypervisor;
  /** A bare metal type (`*.metal`, `*.metal-24xl`, ...). */
  readonly bareMetal: boolean;
  /**
   * Built on the Nitro system (required for VPC CNI prefix delegation): the Nitro hypervisor, or
   * bare metal (every bare metal type is a Nitro system without the hypervisor).
   */
  readonly nitro: boolean;
  /** Elastic Fabric Adapter interfaces the type supports; 0 when it does not support EFA. */
  readonly maxEfaInterfaces: number;
  /**
   * Whether the VPC resource controller can attach a trunk ENI to this type (security groups for
   * pods); absent when its table does not list the type.
   */
  readonly trunkingCompatible?: boolean;
  /** Branch ENIs (pods with their own security groups) a trunk-compatible node supports. */
  readonly branchEniLimit?: number;
  /** Local NVMe instance storage, GB as EC2 reports it (InstanceStorageInfo.TotalSizeInGB); absent without. */
  readonly localNvmeGB?: number;
  /** Network performance as AWS words it, e.g. `Up to 10 Gigabit`; absent where the source has none. */
  readonly networkPerformance?: string;
  /**
   * Baseline network bandwidth in Gbps (the sustained figure; `Up to` types burst above it);
   * absent where AWS publishes only a word (`Moderate`, `High`).
   */
  readonly baselineBandwidthGbps?: number;
  /** Peak (burst) network bandwidth in Gbps; absent where {@link networkPerformance} is. */
  readonly peakBandwidthGbps?: number;
  /** us-east-1 Linux on-demand price, USD per hour. */
  readonly onDemandHourlyUsd: number;
  /**
   * ECS ENI trunking (`awsvpcTrunking`): the number of awsvpc tasks the instance supports with
   * trunking enabled, or undefined when the ECS guide's table does not list the type (it excludes
   * the type, or the type is newer than the table; docs/instance-catalog.md gives its date).
   */
  readonly ecsTrunkingTaskLimit?: number;
}
