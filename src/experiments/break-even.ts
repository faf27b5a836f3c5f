import type { InstanceType } from '../model/catalog/instance-type.js';
import { fargatePodSize } from '../model/params/fargate.js';
import { ec2OnDemandHourlyUsd, fargateHourlyUsd, type PricingSpec } from '../model/pricing.js';
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_VCPU } from '../model/resources.js';
import { pricingOf } from '../report/cost.js';
import { ecsTasksPerInstance, eksPodsPerNode, fargateTaskSize, type Workload } from './compare-variants.js';
import { daemonsOf } from '../run.js';

/**
 * Where EC2 becomes cheaper than Fargate for this workload's task size. With k tasks per
 * instance at hourly price p, and Fargate at f per task-hour, EC2 costs p / (k u) per task-hour
 * when its task slots are filled to fraction u, so it is cheaper above u* = p / (k f). As a task
 * count (instances bought as needed, fully packed, plus any fixed cost such as the EKS control
 * plane), the smallest N from which EC2 is cheaper at every count.
 */
export interface BreakEven {
  readonly label: string;
  readonly instanceType: string;
  readonly tasksPerInstance: number;
  readonly instanceHourlyUsd: number;
  readonly fargateTaskHourlyUsd: number;
  /** Fraction of the instances' task slots in use above which EC2 is cheaper; > 1: never. */
  readonly utilization: number;
  /** Smallest task count from which EC2 is cheaper at every count (null: not within 10,000). */
  readonly tasks: number | null;
}

export function breakEven(label: string, type: InstanceType, tasksPerInstance: number, instanceHourlyUsd: number, fargateTaskHourlyUsd: number, fixedHourlyUsd = 0, fargateFixedHourlyUsd = 0): BreakEven {
  const k = tasksPerInstance;
  const utilization = k === 0 ? Number.POSITIVE_INFINITY : instanceHourlyUsd / (k * fargateTaskHourlyUsd);
  let tasks: number | null = null;
  if (k > 0) {
    for (let n = 10_000; n >= 1; n--) {
      const ec2 = Math.ceil(n / k) * instanceHourlyUsd + fixedHourlyUsd;
      const fg = n * fargateTaskHourlyUsd + fargateFixedHourlyUsd;
      if (ec2 >= fg) {
        tasks = n === 10_000 ? null : n + 1;
        break;
      }
      if (n === 1) tasks = 1;
    }
  }
  return { label, instanceType: type.name, tasksPerInstance: k, instanceHourlyUsd, fargateTaskHourlyUsd, utilization, tasks };
}

/** Break-even of the ECS EC2 (on-demand, RI) and EKS managed node variants against Fargate, for the workload's first service. */
export function workloadBreakEvens(w: Workload): BreakEven[] {
  const s = w.spec.services[0]!;
  const pricing: PricingSpec = pricingOf(w.spec);
  const type = w.instanceType;
  const units = s.taskDefinition.cpu / CPU_SHARES_PER_ECS_UNIT;
  const [fcpu, fmem] = fargateTaskSize(units, s.taskDefinition.memoryMiB);
  const arch = s.taskDefinition.cpuArchitecture ?? 'x86_64';
  const fargateTask = fargateHourlyUsd(pricing, fcpu / 1024, fmem, arch);
  const [pvcpu, pmib] = fargatePodSize(s.taskDefinition.cpu / CPU_SHARES_PER_VCPU, s.taskDefinition.memoryMiB);
  const fargatePod = fargateHourlyUsd(pricing, pvcpu, pmib, 'x86_64');
  const od = ec2OnDemandHourlyUsd(pricing, type);
  const riDiscount = pricing.commitment.type === 'reserved-instances' ? pricing.commitment.ec2Discount : 0.37;
  const daemons = daemonsOf(w.spec);
  const kEcs = ecsTasksPerInstance(type, s, w.spec.cluster.ecsReservedMemoryMiB, true, daemons);
  const kEks = eksPodsPerNode(type, s, daemons);
  return [
    breakEven('ECS EC2 (on-demand) vs ECS Fargate', type, kEcs, od, fargateTask),
    breakEven(`ECS EC2 (RI, ${Math.round(riDiscount * 100)} % off) vs ECS Fargate`, type, kEcs, od * (1 - riDiscount), fargateTask),
    breakEven('EKS managed nodes vs EKS Fargate', type, kEks, od, fargatePod),
    breakEven('EKS managed nodes vs ECS Fargate (with the EKS control plane)', type, kEks, od, fargateTask, pricing.eksControlPlaneHourlyUsd),
  ];
}
