/** `quotas:` overrides of the account's service quotas and rate limits (docs/models.md, "Service quotas"; defaults in src/model/params/). */
import { FARGATE_QUOTAS as Q } from '../../model/params/fargate-quotas.js';
import { EC2_QUOTAS as E, EC2_VCPU_NOTICE } from '../../model/params/ec2-quotas.js';
import { VCPU_CLASS_NAMES, type VcpuClass } from '../../model/ec2-vcpu-class.js';
import { Closed, Optional, Type } from './fields.js';

const positive = (description: string, fallback: number) => Type.Number({ exclusiveMinimum: 0, description, default: fallback });
const atLeastOne = (description: string, fallback: number) => Type.Integer({ minimum: 1, description, default: fallback });

/** vCPU quotas per instance family class: set = enforced (VcpuLimitExceeded above it); unset = not enforced. */
function vcpuQuotas(kind: 'On-Demand' | 'Spot') {
  const cls = (c: VcpuClass) => Optional(Type.Integer({ minimum: 0, description: `vCPUs of ${kind} ${VCPU_CLASS_NAMES[c]} instances running at once.` }));
  return Closed(
    { standard: cls('standard'), f: cls('f'), g: cls('g'), p: cls('p'), x: cls('x'), inf: cls('inf'), dl: cls('dl'), trn: cls('trn'), hpc: cls('hpc'), highMemory: cls('highMemory') },
    {
      description: `Your account's ${kind} vCPU quotas per instance family class (Service Quotas shows them). A class given is enforced: launches past it fail with VcpuLimitExceeded. A class not given is not enforced; the summary says when a run's peak passed ${EC2_VCPU_NOTICE.toLocaleString('en-US')} vCPUs of it.`,
    },
  );
}

export const Quotas = Closed(
  {
    fargate: Optional(
      Closed(
        {
          launchBurst: Optional(atLeastOne('On-Demand tasks and pods launched at once: the token bucket size (Fargate Resource rate quota).', Q.onDemandLaunchBurst)),
          launchesPerSecond: Optional(positive('On-Demand tasks and pods launched a second, sustained: the bucket refill rate.', Q.onDemandLaunchesPerSecond)),
          spotLaunchBurst: Optional(atLeastOne('Fargate Spot tasks launched at once.', Q.spotLaunchBurst)),
          spotLaunchesPerSecond: Optional(positive('Fargate Spot tasks launched a second, sustained.', Q.spotLaunchesPerSecond)),
          serviceLaunchesPerMinute: Optional(atLeastOne('Tasks one ECS service launches on Fargate a minute (Rate of tasks launched by a service on AWS Fargate).', Q.serviceLaunchesPerMinute)),
          onDemandVcpu: Optional(positive("vCPUs of Fargate On-Demand tasks and pods running at once (Fargate On-Demand vCPU resource count): your account's value.", Q.onDemandVcpu)),
          spotVcpu: Optional(positive('vCPUs of Fargate Spot tasks running at once (Fargate Spot vCPU resource count).', Q.spotVcpu)),
        },
        { description: "Fargate's launch rate and vCPU quotas per account and Region." },
      ),
    ),
    ec2: Optional(
      Closed(
        {
          instanceLaunchBurst: Optional(atLeastOne('Instances launched at once: the RunInstances resource token bucket (shared by RunInstances and CreateFleet launches).', E.instanceLaunchBurst)),
          instanceLaunchesPerSecond: Optional(positive('Instances launched a second once the bucket is empty: its refill rate.', E.instanceLaunchesPerSecond)),
          runInstancesRequestBurst: Optional(atLeastOne('RunInstances calls at once (request token bucket); Auto Scaling makes one a scaling activity.', E.runInstancesRequestBurst)),
          runInstancesRequestsPerSecond: Optional(positive('RunInstances calls a second, sustained.', E.runInstancesRequestsPerSecond)),
          createFleetRequestBurst: Optional(atLeastOne("CreateFleet calls at once (request token bucket); Karpenter's batched NodeClaim launches.", E.createFleetRequestBurst)),
          createFleetRequestsPerSecond: Optional(positive('CreateFleet calls a second, sustained.', E.createFleetRequestsPerSecond)),
          vcpu: Optional(vcpuQuotas('On-Demand')),
          spotVcpu: Optional(vcpuQuotas('Spot')),
        },
        { description: "EC2's launch throttling and vCPU quotas per account and Region (docs/models.md, \"Service quotas\")." },
      ),
    ),
  },
  { description: "The account's service quotas and rate limits where they differ from AWS's defaults (a raised quota, a new account's lower one)." },
);
