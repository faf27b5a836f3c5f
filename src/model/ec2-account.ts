import type { InstanceType } from './catalog/instance-type.js';
import { vcpuClassOf, type VcpuClass } from './ec2-vcpu-class.js';
import type { Ec2Quotas, LaunchAction } from './params/ec2-quotas.js';
import type { HostLaunchFailure } from './events/host.js';
import { RunningVcpus } from './running-vcpus.js';
import { TokenBucket } from './token-bucket.js';

/** Why EC2 refuses a launch on the account's quotas (null: it does not). */
export type Ec2QuotaRefusal = Extract<HostLaunchFailure, { readonly code: 'REQUEST_LIMIT_EXCEEDED' | 'VCPU_LIMIT_EXCEEDED' }>;

/**
 * One account's EC2 launch quotas in a Region, as state: the RunInstances resource bucket
 * (instances), the RunInstances and CreateFleet request buckets (calls), and the vCPUs running per
 * quota class and capacity type. Arithmetic over the caller's clock; no scheduling. The launcher
 * asks before a launch and tells it after one and after a termination.
 */
export class Ec2Account {
  private readonly instances: TokenBucket;
  private readonly requests: Readonly<Record<LaunchAction, TokenBucket>>;
  private readonly running = new RunningVcpus();

  constructor(readonly quotas: Ec2Quotas) {
    this.instances = new TokenBucket(quotas.instanceLaunchBurst, quotas.instanceLaunchesPerSecond);
    this.requests = {
      RunInstances: new TokenBucket(quotas.runInstancesRequestBurst, quotas.runInstancesRequestsPerSecond),
      CreateFleet: new TokenBucket(quotas.createFleetRequestBurst, quotas.createFleetRequestsPerSecond),
    };
  }

  /** A call of `action` at `now`: takes its request token, or says why EC2 throttles it. */
  call(action: LaunchAction, now: number): Ec2QuotaRefusal | null {
    if (this.requests[action].tryTake(now)) return null;
    const q = this.quotas;
    return action === 'RunInstances'
      ? { code: 'REQUEST_LIMIT_EXCEEDED', action, bucket: 'request', burst: q.runInstancesRequestBurst, perSecond: q.runInstancesRequestsPerSecond }
      : { code: 'REQUEST_LIMIT_EXCEEDED', action, bucket: 'request', burst: q.createFleetRequestBurst, perSecond: q.createFleetRequestsPerSecond };
  }

  /**
   * Whether one more instance of `type` may launch at `now` within a call of `action`: a resource
   * token is there and the class's vCPU quota (when set) has room. Takes nothing: {@link launched}
   * does, once the instance exists.
   */
  refusal(action: LaunchAction, type: InstanceType, capacityType: 'on-demand' | 'spot', now: number): Ec2QuotaRefusal | null {
    const vcpuClass = vcpuClassOf(type.family);
    const limit = (capacityType === 'spot' ? this.quotas.spotVcpu : this.quotas.onDemandVcpu)[vcpuClass];
    if (limit !== undefined && this.runningVcpu(vcpuClass, capacityType) + type.vcpu > limit) return { code: 'VCPU_LIMIT_EXCEEDED', vcpuClass, capacityType, limit };
    if (this.instances.available(now) < 1 - 1e-9) return { code: 'REQUEST_LIMIT_EXCEEDED', action, bucket: 'resource', burst: this.quotas.instanceLaunchBurst, perSecond: this.quotas.instanceLaunchesPerSecond };
    return null;
  }

  /** An instance launched at `now` (not one there at the start: `preExisting` takes no token). */
  launched(type: InstanceType, capacityType: 'on-demand' | 'spot', now: number, preExisting: boolean): void {
    if (!preExisting) this.instances.tryTake(now);
    this.running.add(type, capacityType);
  }

  /** An instance terminated: its vCPUs go back to its class's quota. */
  terminated(type: InstanceType, capacityType: 'on-demand' | 'spot'): void {
    this.running.remove(type, capacityType);
  }

  /** vCPUs of the class and capacity type running now (launched, booting or in service). */
  runningVcpu(vcpuClass: VcpuClass, capacityType: 'on-demand' | 'spot'): number {
    return this.running.get(vcpuClass, capacityType);
  }
}
