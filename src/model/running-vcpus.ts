import type { InstanceType } from './catalog/instance-type.js';
import { vcpuClassOf, type VcpuClass } from './ec2-vcpu-class.js';

/**
 * The vCPUs of the EC2 instances running now (launched, booting or in service, not yet
 * terminated) per vCPU quota class and capacity type: the figure EC2 holds against the
 * account's vCPU quotas (docs/models.md, "Service quotas"). Ec2Account keeps one to refuse
 * launches past a quota; the run summary keeps one from the trace for the classes' peaks.
 */
export class RunningVcpus {
  private readonly byKey = new Map<string, number>();

  /** An instance of `type` runs: returns the vCPUs of its class and capacity type running now. */
  add(type: InstanceType, capacityType: 'on-demand' | 'spot'): number {
    const key = runningVcpuKey(vcpuClassOf(type.family), capacityType);
    const running = (this.byKey.get(key) ?? 0) + type.vcpu;
    this.byKey.set(key, running);
    return running;
  }

  /** An instance of `type` terminated: its vCPUs leave its class's count. */
  remove(type: InstanceType, capacityType: 'on-demand' | 'spot'): void {
    const key = runningVcpuKey(vcpuClassOf(type.family), capacityType);
    this.byKey.set(key, (this.byKey.get(key) ?? 0) - type.vcpu);
  }

  /** vCPUs of the class and capacity type running now. */
  get(vcpuClass: VcpuClass, capacityType: 'on-demand' | 'spot'): number {
    return this.byKey.get(runningVcpuKey(vcpuClass, capacityType)) ?? 0;
  }
}

/** The key of a class and capacity type (`standard/spot`), for callers that keep figures beside the count. */
export function runningVcpuKey(vcpuClass: VcpuClass, capacityType: 'on-demand' | 'spot'): string {
  return `${vcpuClass}/${capacityType}`;
}
