/** `quotas:` overrides of the account's service quotas and rate limits (docs/models.md, "Service quotas"; defaults in src/model/params/). */
import { FARGATE_QUOTAS as Q } from '../../model/params/fargate-quotas.js';
import { Closed, Optional, Type } from './fields.js';

const positive = (description: string, fallback: number) => Type.Number({ exclusiveMinimum: 0, description, default: fallback });
const atLeastOne = (description: string, fallback: number) => Type.Integer({ minimum: 1, description, default: fallback });

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
  },
  { description: "The account's service quotas and rate limits where they differ from AWS's defaults (a raised quota, a new account's lower one)." },
);
