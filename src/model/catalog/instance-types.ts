/**
 * The EC2 instance-type catalog fleetsim simulates, with O(1) lookups by name.
 *
 * Figures are copied as data from these documents (no code was copied):
 * - vCPUs, memory, GPUs, network performance, baseline/burst bandwidth: Amazon EC2 User Guide
 *   "Instance type specifications" tables (general purpose, compute optimized, memory optimized,
 *   accelerated computing: hardware specifications, network performance and the baseline/burst
 *   bandwidth table) as published in awsdocs/amazon-ec2-user-guide. Every baseline was
 *   cross-checked against the per-type baseline table that aws/karpenter-provider-aws generates
 *   from the current Instance Types guide (zz_generated.bandwidth.go). Two gaps in the stored
 *   guide, marked again at their rows: c6i.metal (taken to equal c6i.32xlarge, which the karpenter
 *   table confirms for bandwidth) and the c7g family (vCPU and memory follow the C-family 2 GiB per
 *   vCPU that c6g documents; network strings follow the m7g/r7g Graviton3 rows; baselines and
 *   prices are confirmed per size by the karpenter tables).
 * - Max ENIs and IPv4 addresses per ENI: EC2 User Guide "Maximum IP addresses per network
 *   interface" (using-eni / AvailableIpPerENI), default network card only. Cross-checked for
 *   every type against the amazon-eks-ami eni-max-pods.txt list (max pods = ENIs x (IPs - 1) + 2)
 *   and, where ECS supports trunking, against the ECS "task limit without trunking" column
 *   (= ENIs - 1). The Graviton3 families (m7g, c7g, r7g) are newer than the stored using-eni
 *   table, so for them those two cross-checks are the source.
 * - Nitro: EC2 "Instances built on the Nitro System" (P3 is Xen; bare metal sizes are Nitro).
 * - On-demand price: AWS EC2 on-demand pricing, us-east-1, Linux, shared tenancy (the Price
 *   List API snapshot of 2026-01-19 that aws/karpenter-provider-aws publishes for us-east-1).
 * - ecsTrunkingTaskLimit: Amazon ECS Developer Guide, "Elastic network interface trunking",
 *   supported instance types table, column "Task limit with ENI trunking". Undefined where the
 *   guide excludes the type or family (t3, t3a, c5n, g4dn, c5.metal, m5.metal, r5.8xlarge,
 *   r5.metal).
 *
 * Where a source disagrees with another, or a figure is not the instance-wide one the field
 * describes, a comment above the row says so.
 */
import type { InstanceType } from './instance-type.js';
import { didYouMean, editDistance, suggest } from '../../engine/did-you-mean.js';

// One row per type, families in the order below and sizes smallest first, so listings are stable.
const ROWS: readonly InstanceType[] = [
  // t3
  { name: 't3.nano', family: 't3', size: 'nano', vcpu: 2, memoryMiB: 512, architecture: 'x86_64', gpus: 0, maxEnis: 2, ipv4PerEni: 2, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.032, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0052 },
  { name: 't3.micro', family: 't3', size: 'micro', vcpu: 2, memoryMiB: 1024, architecture: 'x86_64', gpus: 0, maxEnis: 2, ipv4PerEni: 2, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.064, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0104 },
  { name: 't3.small', family: 't3', size: 'small', vcpu: 2, memoryMiB: 2048, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 4, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.128, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0208 },
  { name: 't3.medium', family: 't3', size: 'medium', vcpu: 2, memoryMiB: 4096, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 6, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.256, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0416 },
  { name: 't3.large', family: 't3', size: 'large', vcpu: 2, memoryMiB: 8192, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 12, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.512, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0832 },
  { name: 't3.xlarge', family: 't3', size: 'xlarge', vcpu: 4, memoryMiB: 16384, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 1.024, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.1664 },
  { name: 't3.2xlarge', family: 't3', size: '2xlarge', vcpu: 8, memoryMiB: 32768, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 2.048, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.3328 },
  // t3a
  { name: 't3a.nano', family: 't3a', size: 'nano', vcpu: 2, memoryMiB: 512, architecture: 'x86_64', gpus: 0, maxEnis: 2, ipv4PerEni: 2, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.032, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0047 },
  { name: 't3a.micro', family: 't3a', size: 'micro', vcpu: 2, memoryMiB: 1024, architecture: 'x86_64', gpus: 0, maxEnis: 2, ipv4PerEni: 2, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.064, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0094 },
  // t3a.small: two ENIs, unlike t3.small (three).
  { name: 't3a.small', family: 't3a', size: 'small', vcpu: 2, memoryMiB: 2048, architecture: 'x86_64', gpus: 0, maxEnis: 2, ipv4PerEni: 4, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.128, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0188 },
  { name: 't3a.medium', family: 't3a', size: 'medium', vcpu: 2, memoryMiB: 4096, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 6, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.256, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0376 },
  { name: 't3a.large', family: 't3a', size: 'large', vcpu: 2, memoryMiB: 8192, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 12, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 0.512, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.0752 },
  { name: 't3a.xlarge', family: 't3a', size: 'xlarge', vcpu: 4, memoryMiB: 16384, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 1.024, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.1504 },
  { name: 't3a.2xlarge', family: 't3a', size: '2xlarge', vcpu: 8, memoryMiB: 32768, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 5 Gigabit', baselineBandwidthGbps: 2.048, peakBandwidthGbps: 5, onDemandHourlyUsd: 0.3008 },
  // m5
  { name: 'm5.large', family: 'm5', size: 'large', vcpu: 2, memoryMiB: 8192, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.75, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.096, ecsTrunkingTaskLimit: 10 },
  { name: 'm5.xlarge', family: 'm5', size: 'xlarge', vcpu: 4, memoryMiB: 16384, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 1.25, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.192, ecsTrunkingTaskLimit: 20 },
  { name: 'm5.2xlarge', family: 'm5', size: '2xlarge', vcpu: 8, memoryMiB: 32768, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 2.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.384, ecsTrunkingTaskLimit: 40 },
  { name: 'm5.4xlarge', family: 'm5', size: '4xlarge', vcpu: 16, memoryMiB: 65536, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.768, ecsTrunkingTaskLimit: 60 },
  { name: 'm5.8xlarge', family: 'm5', size: '8xlarge', vcpu: 32, memoryMiB: 131072, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '10 Gigabit', baselineBandwidthGbps: 10, peakBandwidthGbps: 10, onDemandHourlyUsd: 1.536, ecsTrunkingTaskLimit: 60 },
  { name: 'm5.12xlarge', family: 'm5', size: '12xlarge', vcpu: 48, memoryMiB: 196608, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12 Gigabit', baselineBandwidthGbps: 12, peakBandwidthGbps: 12, onDemandHourlyUsd: 2.304, ecsTrunkingTaskLimit: 60 },
  { name: 'm5.16xlarge', family: 'm5', size: '16xlarge', vcpu: 64, memoryMiB: 262144, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '20 Gigabit', baselineBandwidthGbps: 20, peakBandwidthGbps: 20, onDemandHourlyUsd: 3.072, ecsTrunkingTaskLimit: 120 },
  { name: 'm5.24xlarge', family: 'm5', size: '24xlarge', vcpu: 96, memoryMiB: 393216, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 4.608, ecsTrunkingTaskLimit: 120 },
  // m5.metal: the ECS guide excludes m5.metal from ENI trunking.
  { name: 'm5.metal', family: 'm5', size: 'metal', vcpu: 96, memoryMiB: 393216, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 4.608 },
  // m6i
  { name: 'm6i.large', family: 'm6i', size: 'large', vcpu: 2, memoryMiB: 8192, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.781, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.096, ecsTrunkingTaskLimit: 10 },
  { name: 'm6i.xlarge', family: 'm6i', size: 'xlarge', vcpu: 4, memoryMiB: 16384, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 1.562, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.192, ecsTrunkingTaskLimit: 20 },
  { name: 'm6i.2xlarge', family: 'm6i', size: '2xlarge', vcpu: 8, memoryMiB: 32768, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 3.125, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.384, ecsTrunkingTaskLimit: 40 },
  { name: 'm6i.4xlarge', family: 'm6i', size: '4xlarge', vcpu: 16, memoryMiB: 65536, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 6.25, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.768, ecsTrunkingTaskLimit: 60 },
  { name: 'm6i.8xlarge', family: 'm6i', size: '8xlarge', vcpu: 32, memoryMiB: 131072, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12.5 Gigabit', baselineBandwidthGbps: 12.5, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 1.536, ecsTrunkingTaskLimit: 90 },
  { name: 'm6i.12xlarge', family: 'm6i', size: '12xlarge', vcpu: 48, memoryMiB: 196608, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '18.75 Gigabit', baselineBandwidthGbps: 18.75, peakBandwidthGbps: 18.75, onDemandHourlyUsd: 2.304, ecsTrunkingTaskLimit: 120 },
  { name: 'm6i.16xlarge', family: 'm6i', size: '16xlarge', vcpu: 64, memoryMiB: 262144, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 3.072, ecsTrunkingTaskLimit: 120 },
  { name: 'm6i.24xlarge', family: 'm6i', size: '24xlarge', vcpu: 96, memoryMiB: 393216, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '37.5 Gigabit', baselineBandwidthGbps: 37.5, peakBandwidthGbps: 37.5, onDemandHourlyUsd: 4.608, ecsTrunkingTaskLimit: 120 },
  { name: 'm6i.32xlarge', family: 'm6i', size: '32xlarge', vcpu: 128, memoryMiB: 524288, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 6.144, ecsTrunkingTaskLimit: 120 },
  { name: 'm6i.metal', family: 'm6i', size: 'metal', vcpu: 128, memoryMiB: 524288, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 6.144, ecsTrunkingTaskLimit: 120 },
  // m6g
  { name: 'm6g.medium', family: 'm6g', size: 'medium', vcpu: 1, memoryMiB: 4096, architecture: 'arm64', gpus: 0, maxEnis: 2, ipv4PerEni: 4, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.0385, ecsTrunkingTaskLimit: 4 },
  { name: 'm6g.large', family: 'm6g', size: 'large', vcpu: 2, memoryMiB: 8192, architecture: 'arm64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.75, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.077, ecsTrunkingTaskLimit: 10 },
  { name: 'm6g.xlarge', family: 'm6g', size: 'xlarge', vcpu: 4, memoryMiB: 16384, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 1.25, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.154, ecsTrunkingTaskLimit: 20 },
  { name: 'm6g.2xlarge', family: 'm6g', size: '2xlarge', vcpu: 8, memoryMiB: 32768, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 2.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.308, ecsTrunkingTaskLimit: 40 },
  { name: 'm6g.4xlarge', family: 'm6g', size: '4xlarge', vcpu: 16, memoryMiB: 65536, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.616, ecsTrunkingTaskLimit: 60 },
  { name: 'm6g.8xlarge', family: 'm6g', size: '8xlarge', vcpu: 32, memoryMiB: 131072, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12 Gigabit', baselineBandwidthGbps: 12, peakBandwidthGbps: 12, onDemandHourlyUsd: 1.232, ecsTrunkingTaskLimit: 60 },
  { name: 'm6g.12xlarge', family: 'm6g', size: '12xlarge', vcpu: 48, memoryMiB: 196608, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '20 Gigabit', baselineBandwidthGbps: 20, peakBandwidthGbps: 20, onDemandHourlyUsd: 1.848, ecsTrunkingTaskLimit: 60 },
  { name: 'm6g.16xlarge', family: 'm6g', size: '16xlarge', vcpu: 64, memoryMiB: 262144, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 2.464, ecsTrunkingTaskLimit: 120 },
  { name: 'm6g.metal', family: 'm6g', size: 'metal', vcpu: 64, memoryMiB: 262144, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 2.6112, ecsTrunkingTaskLimit: 120 },
  // m7g
  { name: 'm7g.medium', family: 'm7g', size: 'medium', vcpu: 1, memoryMiB: 4096, architecture: 'arm64', gpus: 0, maxEnis: 2, ipv4PerEni: 4, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.52, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.0408, ecsTrunkingTaskLimit: 4 },
  { name: 'm7g.large', family: 'm7g', size: 'large', vcpu: 2, memoryMiB: 8192, architecture: 'arm64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.937, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.0816, ecsTrunkingTaskLimit: 10 },
  { name: 'm7g.xlarge', family: 'm7g', size: 'xlarge', vcpu: 4, memoryMiB: 16384, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 1.876, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.1632, ecsTrunkingTaskLimit: 20 },
  { name: 'm7g.2xlarge', family: 'm7g', size: '2xlarge', vcpu: 8, memoryMiB: 32768, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 15 Gigabit', baselineBandwidthGbps: 3.75, peakBandwidthGbps: 15, onDemandHourlyUsd: 0.3264, ecsTrunkingTaskLimit: 40 },
  { name: 'm7g.4xlarge', family: 'm7g', size: '4xlarge', vcpu: 16, memoryMiB: 65536, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 15 Gigabit', baselineBandwidthGbps: 7.5, peakBandwidthGbps: 15, onDemandHourlyUsd: 0.6528, ecsTrunkingTaskLimit: 60 },
  { name: 'm7g.8xlarge', family: 'm7g', size: '8xlarge', vcpu: 32, memoryMiB: 131072, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '15 Gigabit', baselineBandwidthGbps: 15, peakBandwidthGbps: 15, onDemandHourlyUsd: 1.3056, ecsTrunkingTaskLimit: 60 },
  { name: 'm7g.12xlarge', family: 'm7g', size: '12xlarge', vcpu: 48, memoryMiB: 196608, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '22.5 Gigabit', baselineBandwidthGbps: 22.5, peakBandwidthGbps: 22.5, onDemandHourlyUsd: 1.9584, ecsTrunkingTaskLimit: 60 },
  { name: 'm7g.16xlarge', family: 'm7g', size: '16xlarge', vcpu: 64, memoryMiB: 262144, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '30 Gigabit', baselineBandwidthGbps: 30, peakBandwidthGbps: 30, onDemandHourlyUsd: 2.6112, ecsTrunkingTaskLimit: 120 },
  { name: 'm7g.metal', family: 'm7g', size: 'metal', vcpu: 64, memoryMiB: 262144, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '30 Gigabit', baselineBandwidthGbps: 30, peakBandwidthGbps: 30, onDemandHourlyUsd: 2.6112, ecsTrunkingTaskLimit: 120 },
  // c5
  { name: 'c5.large', family: 'c5', size: 'large', vcpu: 2, memoryMiB: 4096, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.75, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.085, ecsTrunkingTaskLimit: 10 },
  { name: 'c5.xlarge', family: 'c5', size: 'xlarge', vcpu: 4, memoryMiB: 8192, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 1.25, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.17, ecsTrunkingTaskLimit: 20 },
  { name: 'c5.2xlarge', family: 'c5', size: '2xlarge', vcpu: 8, memoryMiB: 16384, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 2.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.34, ecsTrunkingTaskLimit: 40 },
  { name: 'c5.4xlarge', family: 'c5', size: '4xlarge', vcpu: 16, memoryMiB: 32768, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.68, ecsTrunkingTaskLimit: 60 },
  // c5.9xlarge: 12 Gbps per the karpenter table of the current guide; the stored guide snapshot and a
  // 2022 DescribeInstanceTypes listing say 10 Gigabit.
  { name: 'c5.9xlarge', family: 'c5', size: '9xlarge', vcpu: 36, memoryMiB: 73728, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12 Gigabit', baselineBandwidthGbps: 12, peakBandwidthGbps: 12, onDemandHourlyUsd: 1.53, ecsTrunkingTaskLimit: 60 },
  { name: 'c5.12xlarge', family: 'c5', size: '12xlarge', vcpu: 48, memoryMiB: 98304, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12 Gigabit', baselineBandwidthGbps: 12, peakBandwidthGbps: 12, onDemandHourlyUsd: 2.04, ecsTrunkingTaskLimit: 60 },
  { name: 'c5.18xlarge', family: 'c5', size: '18xlarge', vcpu: 72, memoryMiB: 147456, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 3.06, ecsTrunkingTaskLimit: 120 },
  { name: 'c5.24xlarge', family: 'c5', size: '24xlarge', vcpu: 96, memoryMiB: 196608, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 4.08, ecsTrunkingTaskLimit: 120 },
  // c5.metal: the ECS guide excludes c5.metal from ENI trunking.
  { name: 'c5.metal', family: 'c5', size: 'metal', vcpu: 96, memoryMiB: 196608, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 4.08 },
  // c5n
  { name: 'c5n.large', family: 'c5n', size: 'large', vcpu: 2, memoryMiB: 5376, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 25 Gigabit', baselineBandwidthGbps: 3, peakBandwidthGbps: 25, onDemandHourlyUsd: 0.108 },
  { name: 'c5n.xlarge', family: 'c5n', size: 'xlarge', vcpu: 4, memoryMiB: 10752, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 25 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 25, onDemandHourlyUsd: 0.216 },
  { name: 'c5n.2xlarge', family: 'c5n', size: '2xlarge', vcpu: 8, memoryMiB: 21504, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 25 Gigabit', baselineBandwidthGbps: 10, peakBandwidthGbps: 25, onDemandHourlyUsd: 0.432 },
  { name: 'c5n.4xlarge', family: 'c5n', size: '4xlarge', vcpu: 16, memoryMiB: 43008, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 25 Gigabit', baselineBandwidthGbps: 15, peakBandwidthGbps: 25, onDemandHourlyUsd: 0.864 },
  { name: 'c5n.9xlarge', family: 'c5n', size: '9xlarge', vcpu: 36, memoryMiB: 98304, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 1.944 },
  { name: 'c5n.18xlarge', family: 'c5n', size: '18xlarge', vcpu: 72, memoryMiB: 196608, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '100 Gigabit', baselineBandwidthGbps: 100, peakBandwidthGbps: 100, onDemandHourlyUsd: 3.888 },
  { name: 'c5n.metal', family: 'c5n', size: 'metal', vcpu: 72, memoryMiB: 196608, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '100 Gigabit', baselineBandwidthGbps: 100, peakBandwidthGbps: 100, onDemandHourlyUsd: 3.888 },
  // c6g
  { name: 'c6g.medium', family: 'c6g', size: 'medium', vcpu: 1, memoryMiB: 2048, architecture: 'arm64', gpus: 0, maxEnis: 2, ipv4PerEni: 4, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.034, ecsTrunkingTaskLimit: 4 },
  { name: 'c6g.large', family: 'c6g', size: 'large', vcpu: 2, memoryMiB: 4096, architecture: 'arm64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.75, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.068, ecsTrunkingTaskLimit: 10 },
  { name: 'c6g.xlarge', family: 'c6g', size: 'xlarge', vcpu: 4, memoryMiB: 8192, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 1.25, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.136, ecsTrunkingTaskLimit: 20 },
  { name: 'c6g.2xlarge', family: 'c6g', size: '2xlarge', vcpu: 8, memoryMiB: 16384, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 2.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.272, ecsTrunkingTaskLimit: 40 },
  { name: 'c6g.4xlarge', family: 'c6g', size: '4xlarge', vcpu: 16, memoryMiB: 32768, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.544, ecsTrunkingTaskLimit: 60 },
  { name: 'c6g.8xlarge', family: 'c6g', size: '8xlarge', vcpu: 32, memoryMiB: 65536, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12 Gigabit', baselineBandwidthGbps: 12, peakBandwidthGbps: 12, onDemandHourlyUsd: 1.088, ecsTrunkingTaskLimit: 60 },
  { name: 'c6g.12xlarge', family: 'c6g', size: '12xlarge', vcpu: 48, memoryMiB: 98304, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '20 Gigabit', baselineBandwidthGbps: 20, peakBandwidthGbps: 20, onDemandHourlyUsd: 1.632, ecsTrunkingTaskLimit: 60 },
  { name: 'c6g.16xlarge', family: 'c6g', size: '16xlarge', vcpu: 64, memoryMiB: 131072, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 2.176, ecsTrunkingTaskLimit: 120 },
  { name: 'c6g.metal', family: 'c6g', size: 'metal', vcpu: 64, memoryMiB: 131072, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 2.3066, ecsTrunkingTaskLimit: 120 },
  // c6i
  { name: 'c6i.large', family: 'c6i', size: 'large', vcpu: 2, memoryMiB: 4096, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.781, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.085, ecsTrunkingTaskLimit: 10 },
  { name: 'c6i.xlarge', family: 'c6i', size: 'xlarge', vcpu: 4, memoryMiB: 8192, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 1.562, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.17, ecsTrunkingTaskLimit: 20 },
  { name: 'c6i.2xlarge', family: 'c6i', size: '2xlarge', vcpu: 8, memoryMiB: 16384, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 3.125, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.34, ecsTrunkingTaskLimit: 40 },
  { name: 'c6i.4xlarge', family: 'c6i', size: '4xlarge', vcpu: 16, memoryMiB: 32768, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 6.25, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.68, ecsTrunkingTaskLimit: 60 },
  { name: 'c6i.8xlarge', family: 'c6i', size: '8xlarge', vcpu: 32, memoryMiB: 65536, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12.5 Gigabit', baselineBandwidthGbps: 12.5, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 1.36, ecsTrunkingTaskLimit: 90 },
  { name: 'c6i.12xlarge', family: 'c6i', size: '12xlarge', vcpu: 48, memoryMiB: 98304, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '18.75 Gigabit', baselineBandwidthGbps: 18.75, peakBandwidthGbps: 18.75, onDemandHourlyUsd: 2.04, ecsTrunkingTaskLimit: 120 },
  { name: 'c6i.16xlarge', family: 'c6i', size: '16xlarge', vcpu: 64, memoryMiB: 131072, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 2.72, ecsTrunkingTaskLimit: 120 },
  { name: 'c6i.24xlarge', family: 'c6i', size: '24xlarge', vcpu: 96, memoryMiB: 196608, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '37.5 Gigabit', baselineBandwidthGbps: 37.5, peakBandwidthGbps: 37.5, onDemandHourlyUsd: 4.08, ecsTrunkingTaskLimit: 120 },
  { name: 'c6i.32xlarge', family: 'c6i', size: '32xlarge', vcpu: 128, memoryMiB: 262144, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 5.44, ecsTrunkingTaskLimit: 120 },
  // c6i.metal: not in the stored guide snapshot; sized as c6i.32xlarge (same ENIs per ECS and eni-max-pods).
  { name: 'c6i.metal', family: 'c6i', size: 'metal', vcpu: 128, memoryMiB: 262144, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 5.44, ecsTrunkingTaskLimit: 120 },
  // c7g: not in the stored EC2 guide snapshot; see the header for how each column was sourced.
  { name: 'c7g.medium', family: 'c7g', size: 'medium', vcpu: 1, memoryMiB: 2048, architecture: 'arm64', gpus: 0, maxEnis: 2, ipv4PerEni: 4, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.52, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.0363, ecsTrunkingTaskLimit: 4 },
  { name: 'c7g.large', family: 'c7g', size: 'large', vcpu: 2, memoryMiB: 4096, architecture: 'arm64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.937, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.0725, ecsTrunkingTaskLimit: 10 },
  { name: 'c7g.xlarge', family: 'c7g', size: 'xlarge', vcpu: 4, memoryMiB: 8192, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 1.876, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.145, ecsTrunkingTaskLimit: 20 },
  { name: 'c7g.2xlarge', family: 'c7g', size: '2xlarge', vcpu: 8, memoryMiB: 16384, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 15 Gigabit', baselineBandwidthGbps: 3.75, peakBandwidthGbps: 15, onDemandHourlyUsd: 0.29, ecsTrunkingTaskLimit: 40 },
  { name: 'c7g.4xlarge', family: 'c7g', size: '4xlarge', vcpu: 16, memoryMiB: 32768, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 15 Gigabit', baselineBandwidthGbps: 7.5, peakBandwidthGbps: 15, onDemandHourlyUsd: 0.58, ecsTrunkingTaskLimit: 60 },
  { name: 'c7g.8xlarge', family: 'c7g', size: '8xlarge', vcpu: 32, memoryMiB: 65536, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '15 Gigabit', baselineBandwidthGbps: 15, peakBandwidthGbps: 15, onDemandHourlyUsd: 1.16, ecsTrunkingTaskLimit: 60 },
  { name: 'c7g.12xlarge', family: 'c7g', size: '12xlarge', vcpu: 48, memoryMiB: 98304, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '22.5 Gigabit', baselineBandwidthGbps: 22.5, peakBandwidthGbps: 22.5, onDemandHourlyUsd: 1.74, ecsTrunkingTaskLimit: 60 },
  { name: 'c7g.16xlarge', family: 'c7g', size: '16xlarge', vcpu: 64, memoryMiB: 131072, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '30 Gigabit', baselineBandwidthGbps: 30, peakBandwidthGbps: 30, onDemandHourlyUsd: 2.32, ecsTrunkingTaskLimit: 120 },
  { name: 'c7g.metal', family: 'c7g', size: 'metal', vcpu: 64, memoryMiB: 131072, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '30 Gigabit', baselineBandwidthGbps: 30, peakBandwidthGbps: 30, onDemandHourlyUsd: 2.32, ecsTrunkingTaskLimit: 120 },
  // r5
  { name: 'r5.large', family: 'r5', size: 'large', vcpu: 2, memoryMiB: 16384, architecture: 'x86_64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.75, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.126, ecsTrunkingTaskLimit: 10 },
  { name: 'r5.xlarge', family: 'r5', size: 'xlarge', vcpu: 4, memoryMiB: 32768, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 1.25, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.252, ecsTrunkingTaskLimit: 20 },
  { name: 'r5.2xlarge', family: 'r5', size: '2xlarge', vcpu: 8, memoryMiB: 65536, architecture: 'x86_64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 2.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.504, ecsTrunkingTaskLimit: 40 },
  { name: 'r5.4xlarge', family: 'r5', size: '4xlarge', vcpu: 16, memoryMiB: 131072, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 10, onDemandHourlyUsd: 1.008, ecsTrunkingTaskLimit: 60 },
  // r5.8xlarge: the ECS guide excludes r5.8xlarge from ENI trunking.
  { name: 'r5.8xlarge', family: 'r5', size: '8xlarge', vcpu: 32, memoryMiB: 262144, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '10 Gigabit', baselineBandwidthGbps: 10, peakBandwidthGbps: 10, onDemandHourlyUsd: 2.016 },
  { name: 'r5.12xlarge', family: 'r5', size: '12xlarge', vcpu: 48, memoryMiB: 393216, architecture: 'x86_64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12 Gigabit', baselineBandwidthGbps: 12, peakBandwidthGbps: 12, onDemandHourlyUsd: 3.024, ecsTrunkingTaskLimit: 60 },
  { name: 'r5.16xlarge', family: 'r5', size: '16xlarge', vcpu: 64, memoryMiB: 524288, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '20 Gigabit', baselineBandwidthGbps: 20, peakBandwidthGbps: 20, onDemandHourlyUsd: 4.032, ecsTrunkingTaskLimit: 120 },
  { name: 'r5.24xlarge', family: 'r5', size: '24xlarge', vcpu: 96, memoryMiB: 786432, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 6.048, ecsTrunkingTaskLimit: 120 },
  // r5.metal: the ECS guide excludes r5.metal from ENI trunking.
  { name: 'r5.metal', family: 'r5', size: 'metal', vcpu: 96, memoryMiB: 786432, architecture: 'x86_64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 6.048 },
  // r6g
  { name: 'r6g.medium', family: 'r6g', size: 'medium', vcpu: 1, memoryMiB: 8192, architecture: 'arm64', gpus: 0, maxEnis: 2, ipv4PerEni: 4, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.0504, ecsTrunkingTaskLimit: 4 },
  { name: 'r6g.large', family: 'r6g', size: 'large', vcpu: 2, memoryMiB: 16384, architecture: 'arm64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 0.75, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.1008, ecsTrunkingTaskLimit: 10 },
  { name: 'r6g.xlarge', family: 'r6g', size: 'xlarge', vcpu: 4, memoryMiB: 32768, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 1.25, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.2016, ecsTrunkingTaskLimit: 20 },
  { name: 'r6g.2xlarge', family: 'r6g', size: '2xlarge', vcpu: 8, memoryMiB: 65536, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 2.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.4032, ecsTrunkingTaskLimit: 40 },
  { name: 'r6g.4xlarge', family: 'r6g', size: '4xlarge', vcpu: 16, memoryMiB: 131072, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 10, onDemandHourlyUsd: 0.8064, ecsTrunkingTaskLimit: 60 },
  { name: 'r6g.8xlarge', family: 'r6g', size: '8xlarge', vcpu: 32, memoryMiB: 262144, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '12 Gigabit', baselineBandwidthGbps: 12, peakBandwidthGbps: 12, onDemandHourlyUsd: 1.6128, ecsTrunkingTaskLimit: 60 },
  { name: 'r6g.12xlarge', family: 'r6g', size: '12xlarge', vcpu: 48, memoryMiB: 393216, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '20 Gigabit', baselineBandwidthGbps: 20, peakBandwidthGbps: 20, onDemandHourlyUsd: 2.4192, ecsTrunkingTaskLimit: 60 },
  { name: 'r6g.16xlarge', family: 'r6g', size: '16xlarge', vcpu: 64, memoryMiB: 524288, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 3.2256, ecsTrunkingTaskLimit: 120 },
  { name: 'r6g.metal', family: 'r6g', size: 'metal', vcpu: 64, memoryMiB: 524288, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 3.4191, ecsTrunkingTaskLimit: 120 },
  // r7g
  { name: 'r7g.medium', family: 'r7g', size: 'medium', vcpu: 1, memoryMiB: 8192, architecture: 'arm64', gpus: 0, maxEnis: 2, ipv4PerEni: 4, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.52, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.0536, ecsTrunkingTaskLimit: 4 },
  { name: 'r7g.large', family: 'r7g', size: 'large', vcpu: 2, memoryMiB: 16384, architecture: 'arm64', gpus: 0, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 0.937, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.1071, ecsTrunkingTaskLimit: 10 },
  { name: 'r7g.xlarge', family: 'r7g', size: 'xlarge', vcpu: 4, memoryMiB: 32768, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 12.5 Gigabit', baselineBandwidthGbps: 1.876, peakBandwidthGbps: 12.5, onDemandHourlyUsd: 0.2142, ecsTrunkingTaskLimit: 20 },
  { name: 'r7g.2xlarge', family: 'r7g', size: '2xlarge', vcpu: 8, memoryMiB: 65536, architecture: 'arm64', gpus: 0, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 15 Gigabit', baselineBandwidthGbps: 3.75, peakBandwidthGbps: 15, onDemandHourlyUsd: 0.4284, ecsTrunkingTaskLimit: 40 },
  { name: 'r7g.4xlarge', family: 'r7g', size: '4xlarge', vcpu: 16, memoryMiB: 131072, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 15 Gigabit', baselineBandwidthGbps: 7.5, peakBandwidthGbps: 15, onDemandHourlyUsd: 0.8568, ecsTrunkingTaskLimit: 60 },
  { name: 'r7g.8xlarge', family: 'r7g', size: '8xlarge', vcpu: 32, memoryMiB: 262144, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '15 Gigabit', baselineBandwidthGbps: 15, peakBandwidthGbps: 15, onDemandHourlyUsd: 1.7136, ecsTrunkingTaskLimit: 60 },
  { name: 'r7g.12xlarge', family: 'r7g', size: '12xlarge', vcpu: 48, memoryMiB: 393216, architecture: 'arm64', gpus: 0, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '22.5 Gigabit', baselineBandwidthGbps: 22.5, peakBandwidthGbps: 22.5, onDemandHourlyUsd: 2.5704, ecsTrunkingTaskLimit: 60 },
  { name: 'r7g.16xlarge', family: 'r7g', size: '16xlarge', vcpu: 64, memoryMiB: 524288, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '30 Gigabit', baselineBandwidthGbps: 30, peakBandwidthGbps: 30, onDemandHourlyUsd: 3.4272, ecsTrunkingTaskLimit: 120 },
  { name: 'r7g.metal', family: 'r7g', size: 'metal', vcpu: 64, memoryMiB: 524288, architecture: 'arm64', gpus: 0, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '30 Gigabit', baselineBandwidthGbps: 30, peakBandwidthGbps: 30, onDemandHourlyUsd: 3.4272, ecsTrunkingTaskLimit: 120 },
  // g4dn
  { name: 'g4dn.xlarge', family: 'g4dn', size: 'xlarge', vcpu: 4, memoryMiB: 16384, architecture: 'x86_64', gpus: 1, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 25 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 25, onDemandHourlyUsd: 0.526 },
  { name: 'g4dn.2xlarge', family: 'g4dn', size: '2xlarge', vcpu: 8, memoryMiB: 32768, architecture: 'x86_64', gpus: 1, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 25 Gigabit', baselineBandwidthGbps: 10, peakBandwidthGbps: 25, onDemandHourlyUsd: 0.752 },
  { name: 'g4dn.4xlarge', family: 'g4dn', size: '4xlarge', vcpu: 16, memoryMiB: 65536, architecture: 'x86_64', gpus: 1, maxEnis: 3, ipv4PerEni: 10, nitro: true, networkPerformance: 'Up to 25 Gigabit', baselineBandwidthGbps: 20, peakBandwidthGbps: 25, onDemandHourlyUsd: 1.204 },
  { name: 'g4dn.8xlarge', family: 'g4dn', size: '8xlarge', vcpu: 32, memoryMiB: 131072, architecture: 'x86_64', gpus: 1, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 2.176 },
  { name: 'g4dn.12xlarge', family: 'g4dn', size: '12xlarge', vcpu: 48, memoryMiB: 196608, architecture: 'x86_64', gpus: 4, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 3.912 },
  // g4dn.16xlarge: fewer ENIs than the 12xlarge.
  { name: 'g4dn.16xlarge', family: 'g4dn', size: '16xlarge', vcpu: 64, memoryMiB: 262144, architecture: 'x86_64', gpus: 1, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 4.352 },
  { name: 'g4dn.metal', family: 'g4dn', size: 'metal', vcpu: 96, memoryMiB: 393216, architecture: 'x86_64', gpus: 8, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '100 Gigabit', baselineBandwidthGbps: 100, peakBandwidthGbps: 100, onDemandHourlyUsd: 7.824 },
  // g5
  { name: 'g5.xlarge', family: 'g5', size: 'xlarge', vcpu: 4, memoryMiB: 16384, architecture: 'x86_64', gpus: 1, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 2.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 1.006, ecsTrunkingTaskLimit: 6 },
  { name: 'g5.2xlarge', family: 'g5', size: '2xlarge', vcpu: 8, memoryMiB: 32768, architecture: 'x86_64', gpus: 1, maxEnis: 4, ipv4PerEni: 15, nitro: true, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 5, peakBandwidthGbps: 10, onDemandHourlyUsd: 1.212, ecsTrunkingTaskLimit: 19 },
  { name: 'g5.4xlarge', family: 'g5', size: '4xlarge', vcpu: 16, memoryMiB: 65536, architecture: 'x86_64', gpus: 1, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: 'Up to 25 Gigabit', baselineBandwidthGbps: 10, peakBandwidthGbps: 25, onDemandHourlyUsd: 1.624, ecsTrunkingTaskLimit: 40 },
  { name: 'g5.8xlarge', family: 'g5', size: '8xlarge', vcpu: 32, memoryMiB: 131072, architecture: 'x86_64', gpus: 1, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 2.448, ecsTrunkingTaskLimit: 90 },
  { name: 'g5.12xlarge', family: 'g5', size: '12xlarge', vcpu: 48, memoryMiB: 196608, architecture: 'x86_64', gpus: 4, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '40 Gigabit', baselineBandwidthGbps: 40, peakBandwidthGbps: 40, onDemandHourlyUsd: 5.672, ecsTrunkingTaskLimit: 120 },
  { name: 'g5.16xlarge', family: 'g5', size: '16xlarge', vcpu: 64, memoryMiB: 262144, architecture: 'x86_64', gpus: 1, maxEnis: 8, ipv4PerEni: 30, nitro: true, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 4.096, ecsTrunkingTaskLimit: 120 },
  { name: 'g5.24xlarge', family: 'g5', size: '24xlarge', vcpu: 96, memoryMiB: 393216, architecture: 'x86_64', gpus: 4, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '50 Gigabit', baselineBandwidthGbps: 50, peakBandwidthGbps: 50, onDemandHourlyUsd: 8.144, ecsTrunkingTaskLimit: 120 },
  // g5.48xlarge: seven ENIs on the default card; eni-max-pods (345) and the ECS table (6 tasks without
  // trunking) agree, while the stored using-eni table says 15.
  { name: 'g5.48xlarge', family: 'g5', size: '48xlarge', vcpu: 192, memoryMiB: 786432, architecture: 'x86_64', gpus: 8, maxEnis: 7, ipv4PerEni: 50, nitro: true, networkPerformance: '100 Gigabit', baselineBandwidthGbps: 100, peakBandwidthGbps: 100, onDemandHourlyUsd: 16.288, ecsTrunkingTaskLimit: 120 },
  // p3
  { name: 'p3.2xlarge', family: 'p3', size: '2xlarge', vcpu: 8, memoryMiB: 62464, architecture: 'x86_64', gpus: 1, maxEnis: 4, ipv4PerEni: 15, nitro: false, networkPerformance: 'Up to 10 Gigabit', baselineBandwidthGbps: 2.5, peakBandwidthGbps: 10, onDemandHourlyUsd: 3.06, ecsTrunkingTaskLimit: 40 },
  { name: 'p3.8xlarge', family: 'p3', size: '8xlarge', vcpu: 32, memoryMiB: 249856, architecture: 'x86_64', gpus: 4, maxEnis: 8, ipv4PerEni: 30, nitro: false, networkPerformance: '10 Gigabit', baselineBandwidthGbps: 10, peakBandwidthGbps: 10, onDemandHourlyUsd: 12.24, ecsTrunkingTaskLimit: 60 },
  { name: 'p3.16xlarge', family: 'p3', size: '16xlarge', vcpu: 64, memoryMiB: 499712, architecture: 'x86_64', gpus: 8, maxEnis: 8, ipv4PerEni: 30, nitro: false, networkPerformance: '25 Gigabit', baselineBandwidthGbps: 25, peakBandwidthGbps: 25, onDemandHourlyUsd: 24.48, ecsTrunkingTaskLimit: 120 },
  // p4d
  // p4d.24xlarge: four network cards; 15 ENIs is the default card only (60 in all) and 400 Gbps is all four
  // cards. The 2026-01 price list gives $21.957642; older listings show $32.7726 (before AWS's 2025 P4d price cut).
  { name: 'p4d.24xlarge', family: 'p4d', size: '24xlarge', vcpu: 96, memoryMiB: 1179648, architecture: 'x86_64', gpus: 8, maxEnis: 15, ipv4PerEni: 50, nitro: true, networkPerformance: '4x 100 Gigabit', baselineBandwidthGbps: 400, peakBandwidthGbps: 400, onDemandHourlyUsd: 21.957642, ecsTrunkingTaskLimit: 120 },
];

/** Every modelled instance type; entries are frozen so a simulation cannot alter the catalog. */
export const INSTANCE_TYPES: readonly InstanceType[] = Object.freeze(ROWS.map((t) => Object.freeze({ ...t })));

const BY_NAME: ReadonlyMap<string, InstanceType> = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

const BY_FAMILY: ReadonlyMap<string, readonly InstanceType[]> = (() => {
  const groups = new Map<string, InstanceType[]>();
  for (const t of INSTANCE_TYPES) {
    const group = groups.get(t.family);
    if (group) group.push(t);
    else groups.set(t.family, [t]);
  }
  return new Map([...groups].map(([family, types]) => [family, Object.freeze(types)] as const));
})();

/** Family names (e.g. `c5`, `m7g`) in catalog order. */
export const INSTANCE_FAMILIES: readonly string[] = Object.freeze([...BY_FAMILY.keys()]);

/** All instance type names in catalog order. */
export const INSTANCE_TYPE_NAMES: readonly string[] = Object.freeze(INSTANCE_TYPES.map((t) => t.name));

/** The type with this API name, or undefined. EC2 names are lower case, so `C5.Large` is accepted too. */
export function getInstanceType(name: string): InstanceType | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.trim().toLowerCase());
}

/** The types of one family, smallest first; empty for an unknown family. */
export function instanceTypesInFamily(family: string): readonly InstanceType[] {
  return BY_FAMILY.get(family.trim().toLowerCase()) ?? [];
}

export type FindInstanceTypeResult =
  | { ok: true; type: InstanceType }
  | { ok: false; message: string; suggestions: string[] };

/**
 * Looks a name up for user-facing input (scenario files, CLI flags): on a miss, the result
 * carries ranked suggestions and a ready-made message such as
 * `unknown instance type 'c5.larg' (did you mean 'c5.large'?)`.
 */
export function findInstanceType(name: string): FindInstanceTypeResult {
  const type = getInstanceType(name);
  if (type) return { ok: true, type };
  const suggestions = suggest(name, INSTANCE_TYPE_NAMES);
  // The message names only the closest candidates, so a one-letter slip in `c5.larg` is not
  // answered with `c5n.large` too; the full ranked list stays in `suggestions`.
  const word = name.toLowerCase();
  const best = Math.min(...suggestions.map((s) => editDistance(word, s)));
  const closest = suggestions.filter((s) => editDistance(word, s) === best);
  return { ok: false, message: `unknown instance type '${name}'${didYouMean(name, closest)}`, suggestions };
}
