/** A service's or workload's traffic: requests per second over time, and what a request costs. */
import { MAX_TRACE_RPS } from '../traffic-trace.js';
import { Closed, Duration, Limit, Optional, Type } from './fields.js';

/** Response time of an idle task when `latency` is not given. */
export const DEFAULT_LATENCY = '50ms';
/** The diurnal profile's period and peak time when not given. */
export const DIURNAL_DEFAULTS = { period: '24h', peakAt: '14h' } as const;
/** The name DNS lookups are reported under when `dnsName` is not given. */
export const DEFAULT_DNS_NAME = 'backend';

/** A rate's bound: as a trace row's (request counts stay exact in doubles). */
const RPS_LIMIT = Limit(MAX_TRACE_RPS, "fleetsim's limit of requests per second; docs/limits.md");

const rate = (description: string) => Type.Number({ minimum: 0, ...RPS_LIMIT, description });

const RpsPoint = Closed({ at: Duration({ description: 'When this rate starts.' }), rps: rate('Requests per second from then on.') });

export const RpsProfile = Closed(
  {
    steps: Optional(Type.Array(RpsPoint, { minItems: 1, description: 'Piecewise constant: each step holds until the next.' })),
    ramp: Optional(
      Closed(
        { from: rate('Rate before start.'), to: rate('Rate from end on.'), start: Duration({ description: 'When the ramp starts.' }), end: Duration({ description: 'When it reaches `to`.' }) },
        { description: 'A linear ramp between two rates.' },
      ),
    ),
    diurnal: Optional(
      Closed(
        {
          min: rate('The lowest rate.'),
          max: rate('The highest rate.'),
          period: Optional(Duration({ description: 'Length of one cycle.', default: DIURNAL_DEFAULTS.period })),
          peakAt: Optional(Duration({ description: 'When in the cycle the rate peaks.', default: DIURNAL_DEFAULTS.peakAt })),
        },
        { description: 'A daily sine wave between min and max.' },
      ),
    ),
    spike: Optional(
      Closed(
        { base: rate('The rate outside the spike.'), peak: rate('The rate during the spike.'), at: Duration({ description: 'When the spike starts.' }), duration: Duration({ description: 'How long it lasts.' }) },
        { description: 'A base rate with one spike.' },
      ),
    ),
    trace: Optional(Type.String({ description: 'A CSV file (relative to the scenario) with columns time_s,rps.' })),
  },
  { minProperties: 1, maxProperties: 1 },
);

export const Load = Closed(
  {
    rps: Type.Union([Type.Number({ minimum: 0, ...RPS_LIMIT }), RpsProfile], { description: 'A number (constant), or one of {steps}, {ramp}, {diurnal}, {spike}, {trace}.' }),
    cpuPerRequest: Duration({ description: 'CPU time one request costs on one vCPU, e.g. 20ms.' }),
    measuredOn: Optional(
      Type.String({
        minLength: 1,
        description:
          'The instance family cpuPerRequest was measured on, e.g. m5: a task on a faster vCPU (by generation and architecture, docs/models.md "CPU architecture and per-request CPU") spends less per request. Absent: the same on every host.',
      }),
    ),
    latency: Optional(Duration({ description: 'Response time on an idle task.', default: DEFAULT_LATENCY })),
    dnsLookupsPerRequest: Optional(
      Type.Number({
        minimum: 0,
        description:
          "EKS: DNS lookups one request makes through CoreDNS, each of `dnsName`. A lookup sends an A and an AAAA query (in parallel) for each name the pod's resolver tries: with `ndots:5` a name with fewer than 5 dots goes through the search list first (a Service's short name answers at the first; an external name or a cluster FQDN without its trailing dot after 4 NXDOMAINs). A dropped query costs a 5 s timeout and a retry; a lookup fails when its 2 tries time out. 0: none.",
        default: 0,
      }),
    ),
    dnsName: Optional(
      Type.String({
        minLength: 1,
        description: 'The name those lookups resolve (a Service name such as `orders`, `orders.payments`, a cluster FQDN, or an external name; a trailing dot makes it absolute), shown in the Go resolver error `dial tcp: lookup <name> on 172.20.0.10:53: read udp: i/o timeout`.',
        default: DEFAULT_DNS_NAME,
      }),
    ),
  },
  { description: 'Traffic: requests per second over time, and what a request costs.' },
);
