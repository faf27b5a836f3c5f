/** `pricing:` overrides of the cost model's prices and assumptions (docs/costs.md; defaults in src/model/pricing.ts). */
import { DEFAULT_PRICING as P } from '../../model/pricing.js';
import { Closed, Duration, Optional, StringEnum, Type } from './fields.js';

const usd = (what: string, fallback: number) => Type.Number({ minimum: 0, description: `USD ${what}.`, default: fallback });
const fraction = (what: string, fallback?: number) => Type.Number({ minimum: 0, maximum: 1, description: what, ...(fallback === undefined ? {} : { default: fallback }) });

export const Pricing = Closed(
  {
    fargate: Optional(
      Closed(
        {
          vcpuHour: Optional(usd('per vCPU-hour, Linux/x86', P.fargate.x86.vcpuHourUsd)),
          gbHour: Optional(usd('per GB-hour, Linux/x86', P.fargate.x86.gbHourUsd)),
          armVcpuHour: Optional(usd('per vCPU-hour, Linux/ARM', P.fargate.arm64.vcpuHourUsd)),
          armGbHour: Optional(usd('per GB-hour, Linux/ARM', P.fargate.arm64.gbHourUsd)),
          spotDiscount: Optional(fraction('Fargate Spot below Fargate ("up to 70 %").', P.fargate.spotDiscount)),
        },
        { description: 'Fargate prices.' },
      ),
    ),
    ec2: Optional(
      Closed(
        {
          onDemandHourly: Optional(
            Type.Unsafe<Record<string, number>>({
              type: 'object',
              additionalProperties: { type: 'number', minimum: 0 },
              description: 'USD per hour by instance type, replacing the catalog price, e.g. { m5.xlarge: 0.192 }.',
            }),
          ),
          spotDiscount: Optional(fraction(`EC2 Spot below on-demand (default: cluster.karpenter.spotDiscount, else ${P.ec2.spotDiscount}).`)),
        },
        { description: 'EC2 prices.' },
      ),
    ),
    commitment: Optional(
      Closed(
        {
          type: StringEnum(['none', 'reserved-instances', 'savings-plan'], { description: 'What covers on-demand usage.' }),
          discount: Optional(fraction('Off covered EC2 usage (default: 0.37 for reserved-instances, 1-year no upfront; 0.36 for savings-plan).')),
          fargateDiscount: Optional(fraction('Off covered Fargate usage, savings-plan only (default 0.2).')),
          coverage: Optional(fraction('Fraction of on-demand usage covered.', P.commitment.coverage)),
        },
        { description: 'Reserved Instances (EC2) or a Compute Savings Plan (EC2 and Fargate) covering on-demand usage.' },
      ),
    ),
    eksControlPlaneHourly: Optional(usd('per EKS cluster-hour', P.eksControlPlaneHourlyUsd)),
    loadBalancer: Optional(
      Closed(
        { hourly: Optional(usd('per ALB-hour or partial hour', P.loadBalancer.hourlyUsd)), lcuHourly: Optional(usd('per LCU-hour', P.loadBalancer.lcuHourUsd)) },
        { description: 'Application Load Balancer prices.' },
      ),
    ),
    dataTransferOutPerGb: Optional(usd('per GB out to the internet', P.dataTransferOutPerGbUsd)),
    requests: Optional(
      Closed(
        {
          requestBytes: Optional(Type.Integer({ minimum: 0, description: 'Bytes per request.', default: P.requests.requestBytes })),
          responseBytes: Optional(Type.Integer({ minimum: 0, description: 'Bytes per successful response.', default: P.requests.responseBytes })),
          requestsPerConnection: Optional(Type.Number({ minimum: 1, description: 'Requests per client connection.', default: P.requests.requestsPerConnection })),
          connectionDuration: Optional(Duration({ description: 'How long a client connection stays open.', default: `${P.requests.connectionMs / 1000}s` })),
          rulesEvaluated: Optional(Type.Integer({ minimum: 0, description: 'Listener rules evaluated per request (the first 10 are free).', default: P.requests.rulesEvaluated })),
        },
        { description: 'What a request costs the ALB and the network (assumptions; fleetsim models request counts only).' },
      ),
    ),
    projectionWindow: Optional(Duration({ description: 'Steady-state window before the end of the run that the monthly projection scales (default: the last quarter of the run).' })),
  },
  { description: 'Overrides of the prices the cost report uses (us-east-1 public prices by default; see docs/costs.md).' },
);
