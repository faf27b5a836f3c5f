/**
 * The scenario format, defined once. SCENARIO_SCHEMA is the JSON Schema (draft-07) that Ajv
 * validates a file against, that `fleetsim schema` prints for editors (e.g. the YAML language
 * server's `# yaml-language-server: $schema=...`) and that docs/scenario.schema.json and the
 * field reference docs/scenario-reference.md are generated from (`npm run docs:scenario`);
 * `Scenario` is the TypeScript type of a file that passed it, which the section compilers
 * (src/scenario/sections/) take. Each section's fields live in src/scenario/schema/.
 *
 * The schema checks shape, types and plain ranges; units, references between sections and
 * rules that depend on other fields are the compilers', which can say more than a schema can.
 */
import { Cluster } from './schema/cluster.js';
import { Expectation } from './schema/expectations.js';
import { ImageSizes, Imports } from './schema/imports.js';
import { TimedEvent } from './schema/events.js';
import { Closed, Duration, ItemLimit, Limit, Optional, Type, type Static } from './schema/fields.js';
import { ECS_SERVICES_PER_CLUSTER, MAX_EVENT_LIMIT, MAX_EXPECTATIONS, MAX_TIMED_EVENTS, MAX_WORKLOADS } from './limits.js';
import { Pricing } from './schema/pricing.js';
import { Quotas } from './schema/quotas.js';
import { Service } from './schema/services.js';
import { Workload } from './schema/workloads.js';
import { DEFAULT_MAX_EVENTS } from '../engine/simulation.js';

/** Top-level settings when a scenario does not give them. */
export const RUN_DEFAULTS = { seed: '1', sampleInterval: '10s', maxEvents: DEFAULT_MAX_EVENTS } as const;

export const ScenarioSchema = Closed(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'Scenario name; also the default output folder.' }),
    description: Optional(Type.String({ description: 'Free text, shown in summaries.', default: '' })),
    seed: Optional(Type.Unsafe<number | string>({ type: ['integer', 'string'], description: 'Master random seed; --seed overrides it.', default: Number(RUN_DEFAULTS.seed) })),
    duration: Duration({ description: 'Simulated time to run.' }),
    sampleInterval: Optional(Duration({ description: 'timeline.csv sampling interval.', default: RUN_DEFAULTS.sampleInterval })),
    maxEvents: Optional(
      Type.Integer({
        minimum: 1,
        ...Limit(MAX_EVENT_LIMIT, 'about an hour of computing at 300,000 events a second; docs/limits.md'),
        description: 'Hard limit on simulated events: a run that reaches it stops with an error instead of hanging.',
        default: RUN_DEFAULTS.maxEvents,
      }),
    ),
    imports: Optional(Imports),
    imageSizes: Optional(ImageSizes),
    cluster: Cluster,
    services: Optional(Type.Array(Service, { ...ItemLimit(ECS_SERVICES_PER_CLUSTER, 'ECS quota: services per cluster'), description: 'ECS services.' })),
    workloads: Optional(Type.Array(Workload, { ...ItemLimit(MAX_WORKLOADS, "fleetsim's limit of workloads per scenario; docs/limits.md"), description: 'Kubernetes workloads (EKS).' })),
    events: Optional(
      Type.Array(TimedEvent, {
        ...ItemLimit(MAX_TIMED_EVENTS, "fleetsim's limit of events per scenario; docs/limits.md"),
        description: 'Timed changes and faults, applied in time order (file order at equal times); each must happen before the end of the run.',
      }),
    ),
    expect: Optional(Type.Array(Expectation, { ...ItemLimit(MAX_EXPECTATIONS, "fleetsim's limit of expectations per scenario; docs/limits.md"), description: 'What must hold for the scenario to pass.' })),
    pricing: Optional(Pricing),
    quotas: Optional(Quotas),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://fleetsim.dev/schema/scenario.json',
    title: 'fleetsim scenario',
  },
);

/** A scenario file that passed SCENARIO_SCHEMA. */
export type Scenario = Static<typeof ScenarioSchema>;

/** The JSON Schema of scenario files, as plain JSON Schema (draft-07). */
export const SCENARIO_SCHEMA: Readonly<Record<string, unknown>> = ScenarioSchema;
