/**
 * Where every input of the generated instance-type catalog comes from: one entry per raw file
 * under ../shared/data/catalog-sources/ (outside the repository), naming the public repository,
 * path, commit and date it was copied from and its git blob id. The generator reads a file only
 * if its blob id is the one recorded here, so the provenance printed in the generated module is
 * always the provenance of the bytes it was generated from.
 *
 * To refresh the catalog: copy the newer files over the old ones, update their entries here
 * (and the README beside them), run `npm run catalog:generate` and review the diff.
 */

export interface SourceFile {
  /** File name under the catalog-sources directory. */
  readonly file: string;
  readonly repository: string;
  readonly path: string;
  /** Commit of the last change to the file upstream (the version copied). */
  readonly commit: string;
  /** Date of that commit (or of the generation stamp inside the file, where it has one). */
  readonly date: string;
  /** `git hash-object` of the file: equals the blob at `path` in `commit`. */
  readonly blob: string;
  /** What the file is, in a few words. */
  readonly title: string;
}

export const SOURCES = {
  karpenterReference: {
    file: 'karpenter-instance-types.md',
    repository: 'aws/karpenter-provider-aws',
    path: 'website/content/en/docs/reference/instance-types.md',
    commit: '692ccdd0629e488300821443f0fa0bc3c3e08047',
    date: '2026-07-11',
    blob: 'f22c5c00325d8a37350d7880e3a26efb359d20d7',
    title: "Karpenter's instance-type reference, v1.14.0 (EC2 DescribeInstanceTypes in us-east-1, us-east-2, us-west-2)",
  },
  karpenterReferenceV1120: {
    file: 'karpenter-instance-types-v1.12.0.md',
    repository: 'aws/karpenter-provider-aws',
    path: 'website/content/en/docs/reference/instance-types.md',
    commit: '9e1d72fdc1eab00fc02f53a2d075c5fb052f58df',
    date: '2026-04-25',
    blob: '6c44b4ef7dad3fe2ecf0dc3db7475c882bc75935',
    title: 'the same reference at v1.12.0, for types v1.13.0 dropped that EC2 still prices',
  },
  karpenterPricing: {
    file: 'karpenter-zz_generated.pricing_aws.go',
    repository: 'aws/karpenter-provider-aws',
    path: 'pkg/providers/pricing/zz_generated.pricing_aws.go',
    commit: '6fc13b5236fd04fd16ff3f9dc7490d0813994099',
    date: '2026-07-20',
    blob: 'f9e947e9f370b3646a3635d99fdc4622d084166d',
    title: 'on-demand prices from the AWS Price List API, us-east-1, Linux, shared tenancy (generated 2026-07-20T13:44:30Z)',
  },
  karpenterBandwidth: {
    file: 'karpenter-zz_generated.bandwidth.go',
    repository: 'aws/karpenter-provider-aws',
    path: 'pkg/providers/instancetype/zz_generated.bandwidth.go',
    commit: '7f27b4e85d3157418ab84eb04a3c91da7cb8fbba',
    date: '2026-08-18',
    blob: 'aaa671fc5959115802c385c2ffc0853f5878b11b',
    title: 'baseline network bandwidth per type, from the EC2 Instance Types guide',
  },
  branchEniLimits: {
    file: 'karpenter-zz_generated.vpclimits.go',
    repository: 'aws/karpenter-provider-aws',
    path: 'pkg/providers/instancetype/zz_generated.vpclimits.go',
    commit: '7f27b4e85d3157418ab84eb04a3c91da7cb8fbba',
    date: '2026-08-06',
    blob: 'ffbcb9a0b26f7bc5d3007035c59dd84f74ec9eb9',
    title:
      "Karpenter's copy of the VPC resource controller's limits table (aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go), generated 2026-08-06T04:02:42Z",
  },
  cniLimits: {
    file: 'vpc-cni-vpc_ip_resource_limit.go',
    repository: 'aws/amazon-vpc-cni-k8s',
    path: 'pkg/vpc/vpc_ip_resource_limit.go',
    commit: '6152e01c83bb8f04fdc8690e99134ebe1445db29',
    date: '2026-08-11',
    blob: '057d30a006328e0c805e121ac8812c51cf88f272',
    title: "the VPC CNI's per-type ENI and IPv4 limits, network cards, hypervisor and bare metal (EC2 DescribeInstanceTypes, all commercial regions)",
  },
  eniMaxPods: {
    file: 'vpc-cni-eni-max-pods.txt',
    repository: 'aws/amazon-vpc-cni-k8s',
    path: 'misc/eni-max-pods.txt',
    commit: '6152e01c83bb8f04fdc8690e99134ebe1445db29',
    date: '2026-08-11',
    blob: 'fc6df0f9cf6e507a5a90b09958d6e13e6de96dd1',
    title: "AWS's published max pods per type (secondary-IP mode)",
  },
  ecsTrunking: {
    file: 'ecs-container-instance-eni.md',
    repository: 'awsdocs/amazon-ecs-developer-guide',
    path: 'doc_source/container-instance-eni.md',
    commit: 'a35b7671c57ce34babc04525a1d7b16fd4c9a8c6',
    date: '2023-04-18',
    blob: '158a1fa898f50aede0fab49204ac2017363fac95',
    title: 'Amazon ECS Developer Guide, "Elastic network interface trunking", supported instance types (the repository was archived in June 2023)',
  },
  ec2GeneralPurpose: {
    file: 'ec2-user-guide/general-purpose-instances.md',
    repository: 'awsdocs/amazon-ec2-user-guide',
    path: 'doc_source/general-purpose-instances.md',
    commit: 'd289961421fa79447add68ca26e3ec5ae96fdf41',
    date: '2023-05-11',
    blob: '5f5f280ae19552871e5bc7419d87d424f9821006',
    title: 'Amazon EC2 User Guide, general purpose instances (archived June 2023)',
  },
  ec2ComputeOptimized: {
    file: 'ec2-user-guide/compute-optimized-instances.md',
    repository: 'awsdocs/amazon-ec2-user-guide',
    path: 'doc_source/compute-optimized-instances.md',
    commit: 'd289961421fa79447add68ca26e3ec5ae96fdf41',
    date: '2023-05-11',
    blob: 'ed1e28037350cfe8e8bc08c00803b06cddb95ca7',
    title: 'Amazon EC2 User Guide, compute optimized instances',
  },
  ec2MemoryOptimized: {
    file: 'ec2-user-guide/memory-optimized-instances.md',
    repository: 'awsdocs/amazon-ec2-user-guide',
    path: 'doc_source/memory-optimized-instances.md',
    commit: 'd289961421fa79447add68ca26e3ec5ae96fdf41',
    date: '2023-05-11',
    blob: 'd701cb978e931a2aa511183c3a064a2ab0eccbd6',
    title: 'Amazon EC2 User Guide, memory optimized instances',
  },
  ec2StorageOptimized: {
    file: 'ec2-user-guide/storage-optimized-instances.md',
    repository: 'awsdocs/amazon-ec2-user-guide',
    path: 'doc_source/storage-optimized-instances.md',
    commit: 'd289961421fa79447add68ca26e3ec5ae96fdf41',
    date: '2023-05-11',
    blob: 'ddf4841bdf56c51628227181792a720246f75d5b',
    title: 'Amazon EC2 User Guide, storage optimized instances',
  },
  ec2AcceleratedComputing: {
    file: 'ec2-user-guide/accelerated-computing-instances.md',
    repository: 'awsdocs/amazon-ec2-user-guide',
    path: 'doc_source/accelerated-computing-instances.md',
    commit: 'd289961421fa79447add68ca26e3ec5ae96fdf41',
    date: '2023-05-11',
    blob: 'c0fc9673a46101a9a33382249874a93255deb6c9',
    title: 'Amazon EC2 User Guide, accelerated computing instances',
  },
  ec2InstanceTypes: {
    file: 'ec2-user-guide/instance-types.md',
    repository: 'awsdocs/amazon-ec2-user-guide',
    path: 'doc_source/instance-types.md',
    commit: 'd289961421fa79447add68ca26e3ec5ae96fdf41',
    date: '2023-05-11',
    blob: '4525b4466a691097ecbd90688c2127bdb5c43f0e',
    title: 'Amazon EC2 User Guide, instance types (the previous-generation list)',
  },
} as const satisfies Record<string, SourceFile>;

export type SourceId = keyof typeof SOURCES;

/** The EC2 User Guide pages whose "Network performance" tables give the network wording. */
export const EC2_NETWORK_PAGES: readonly SourceId[] = ['ec2GeneralPurpose', 'ec2ComputeOptimized', 'ec2MemoryOptimized', 'ec2StorageOptimized', 'ec2AcceleratedComputing'];

/** Which source gives each column of the generated rows, and by what rule where one is needed. */
export const COLUMN_SOURCES: readonly { readonly columns: string; readonly sources: readonly SourceId[]; readonly rule?: string }[] = [
  {
    columns: 'name, family, size, vcpu, memoryMiB, architecture, gpus, gpu, accelerator, localNvmeGB, maxEfaInterfaces',
    sources: ['karpenterReference', 'karpenterReferenceV1120'],
    rule: 'labels instance-cpu, instance-memory, kubernetes.io/arch, instance-gpu-*, instance-accelerator-*, instance-local-nvme; resources aws.amazon.com/neuroncore, vpc.amazonaws.com/efa. v1.12.0 only for the types the current reference no longer lists',
  },
  {
    columns: 'maxEnis, maxEnisAllCards, networkCards, defaultNetworkCardIndex, ipv4PerEni, hypervisor, bareMetal, nitro',
    sources: ['cniLimits'],
    rule: 'maxEnis = ENILimit (the default card); maxEnisAllCards = the sum over NetworkCards; nitro = Nitro hypervisor or bare metal',
  },
  { columns: 'trunkingCompatible, branchEniLimit', sources: ['branchEniLimits'], rule: 'IsTrunkingCompatible; BranchInterface where compatible' },
  {
    columns: 'networkPerformance, peakBandwidthGbps',
    sources: EC2_NETWORK_PAGES,
    rule: "peak = N of 'Up to N Gigabit', 'N Gigabit' or K x N of 'Kx N Gigabit'; absent for types newer than the guide and for worded figures (Moderate, High)",
  },
  { columns: 'baselineBandwidthGbps', sources: ['karpenterBandwidth'], rule: 'Mbps / 1000; absent where AWS gives only a word' },
  { columns: 'onDemandHourlyUsd', sources: ['karpenterPricing'], rule: 'us-east-1' },
  { columns: 'ecsTrunkingTaskLimit', sources: ['ecsTrunking'], rule: "column 'Task limit with ENI trunking'; absent where the table lists no row" },
  { columns: 'PUBLISHED_ENI_MAX_PODS', sources: ['eniMaxPods'] },
  { columns: '(selection) previous-generation families left out', sources: ['ec2InstanceTypes'] },
];
