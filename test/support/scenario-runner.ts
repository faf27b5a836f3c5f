import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkInvariants } from '../../src/model/invariants.js';
import type { SimulationSpec } from '../../src/model/simulation-spec.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { runSimulation, type RunResult } from '../../src/run.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { scenarioFileReader } from '../../src/cli/scenario-files.js';
import type { ImportReport } from '../../src/scenario/import/import-notes.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

export const ROOT = resolve(__dirname, '..', '..');

/** Every scenario file under scenarios/, relative to the repo root, sorted. */
export function scenarioFiles(): string[] {
  return readdirSync(join(ROOT, 'scenarios'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.json'))
    .map((f) => `scenarios/${f}`)
    .sort();
}

/**
 * The scenarios of examples/ that import real definitions (docs/import.md): run, checked and
 * pinned by golden digests like those under scenarios/, from the folders their definitions are in.
 */
export const EXAMPLE_SCENARIOS = ['examples/cdk/api-service.yaml', 'examples/ecs/checkout.yaml', 'examples/kubernetes/storefront.yaml'] as const;

export function loadSpec(file: string): SimulationSpec {
  return loadScenarioFile(file).spec;
}

/** A scenario file, with the files it imports read beside it as the CLI reads them; throws on a problem. */
export function loadScenarioFile(file: string): { spec: SimulationSpec; imports?: ImportReport } {
  const loaded = loadScenario(file, readFileSync(join(ROOT, file), 'utf8'), { readFile: scenarioFileReader(ROOT, file) });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
  return loaded;
}

export interface CheckedRun {
  readonly result: RunResult;
  readonly records: FleetEvent[];
  /** Invariant violations, each prefixed with the time it was seen (empty when all held). */
  readonly violations: string[];
}

/**
 * Runs a spec, keeping its trace, and checks the cluster invariants after every event
 * (`everyEvent`) or only at the end. Reports the seed with any violation.
 */
export function runChecked(spec: SimulationSpec, options: { everyEvent?: boolean; seed?: string } = {}): CheckedRun {
  const records: FleetEvent[] = [];
  const violations: string[] = [];
  const result = runSimulation(spec, {
    seed: options.seed,
    listeners: [(r) => records.push(r)],
    afterEachEvent: options.everyEvent
      ? (state, now) => {
          if (violations.length > 0) return;
          for (const p of checkInvariants(state)) violations.push(`t=${now}ms seed=${options.seed ?? spec.seed}: ${p}`);
        }
      : undefined,
  });
  for (const p of checkInvariants(result.state)) violations.push(`end seed=${options.seed ?? spec.seed}: ${p}`);
  return { result, records, violations };
}

/**
 * Scenario YAML text, loaded as `file` and run with the invariants checked after every event.
 * A load error or an invariant violation throws, so a test that uses it cannot pass on either.
 */
export function runYamlChecked(yaml: string, options: { file?: string; seed?: string } = {}): CheckedRun {
  const loaded = loadScenario(options.file ?? 'scenario.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  const checked = runChecked(loaded.spec, { everyEvent: true, seed: options.seed });
  if (checked.violations.length > 0) throw new Error(`invariants broken:\n${checked.violations.join('\n')}`);
  return checked;
}

/** The one-line diagnostics of scenario YAML text (empty when it loads). */
export function yamlErrors(yaml: string, file = 'scenario.yaml'): string[] {
  const loaded = loadScenario(file, yaml);
  return loaded.ok ? [] : loaded.diagnostics.map(formatDiagnostic);
}

/**
 * The `cluster:` block the controller tests share: EKS in one AZ (us-east-1a, a /20 subnet), a
 * node group `g` of m5.xlarge, no CoreDNS pods. Lines start at column 0.
 */
export function oneAzEksCluster(nodes = 2): string {
  return `cluster:
  platform: eks
  coreDns: false
  availabilityZones: [us-east-1a]
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
  nodeGroups:
    - { name: g, instanceType: m5.xlarge, desiredSize: ${nodes} }`;
}
