/** `quotas:` over AWS's default quotas (src/model/params/fargate-quotas.ts): each figure given replaces the default. */
import { FARGATE_QUOTAS } from '../../model/params/fargate-quotas.js';
import { EC2_QUOTAS } from '../../model/params/ec2-quotas.js';
import type { QuotasSpec } from '../../model/simulation-spec.js';
import type { Static } from '../schema/fields.js';
import type { Quotas } from '../schema/quotas.js';

export function compileQuotas(raw: Static<typeof Quotas> | undefined): QuotasSpec {
  const f = raw?.fargate ?? {};
  const d = FARGATE_QUOTAS;
  const e = raw?.ec2 ?? {};
  const E = EC2_QUOTAS;
  return {
    fargate: {
      onDemandLaunchBurst: f.launchBurst ?? d.onDemandLaunchBurst,
      onDemandLaunchesPerSecond: f.launchesPerSecond ?? d.onDemandLaunchesPerSecond,
      spotLaunchBurst: f.spotLaunchBurst ?? d.spotLaunchBurst,
      spotLaunchesPerSecond: f.spotLaunchesPerSecond ?? d.spotLaunchesPerSecond,
      serviceLaunchesPerMinute: f.serviceLaunchesPerMinute ?? d.serviceLaunchesPerMinute,
      onDemandVcpu: f.onDemandVcpu ?? d.onDemandVcpu,
      spotVcpu: f.spotVcpu ?? d.spotVcpu,
    },
    ec2: {
      instanceLaunchBurst: e.instanceLaunchBurst ?? E.instanceLaunchBurst,
      instanceLaunchesPerSecond: e.instanceLaunchesPerSecond ?? E.instanceLaunchesPerSecond,
      runInstancesRequestBurst: e.runInstancesRequestBurst ?? E.runInstancesRequestBurst,
      runInstancesRequestsPerSecond: e.runInstancesRequestsPerSecond ?? E.runInstancesRequestsPerSecond,
      createFleetRequestBurst: e.createFleetRequestBurst ?? E.createFleetRequestBurst,
      createFleetRequestsPerSecond: e.createFleetRequestsPerSecond ?? E.createFleetRequestsPerSecond,
      onDemandVcpu: { ...E.onDemandVcpu, ...e.vcpu },
      spotVcpu: { ...E.spotVcpu, ...e.spotVcpu },
    },
  };
}
