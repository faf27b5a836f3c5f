/** The scenario's top-level settings: name, seed, how long to run and how finely to sample. */
import type { SimulationSpec } from '../../model/simulation-spec.js';
import { RUN_DEFAULTS, type Scenario } from '../schema.js';
import { durationProblem } from '../run-size.js';
import { parseDuration } from '../units.js';
import type { Problems } from './problems.js';

/** How often traffic is evaluated, ms. */
const LOAD_TICK_MS = 5_000;

export type Settings = Pick<SimulationSpec, 'name' | 'description' | 'seed' | 'durationMs' | 'sampleIntervalMs' | 'loadTickMs' | 'maxEvents'>;

export function compileSettings(scenario: Scenario, problems: Problems): Settings {
  const duration = parseDuration(scenario.duration);
  const durationMs = problems.need(duration, ['duration']);
  if (duration.ok && durationMs === 0) problems.report(['duration'], 'must be longer than 0');
  const tooLong = duration.ok ? durationProblem(durationMs) : undefined;
  if (tooLong !== undefined) problems.report(['duration'], tooLong);
  const sampleIntervalMs = problems.need(parseDuration(scenario.sampleInterval ?? RUN_DEFAULTS.sampleInterval), ['sampleInterval'], 10_000);
  if (sampleIntervalMs < 1) problems.report(['sampleInterval'], 'must be at least 1ms');
  return {
    name: scenario.name,
    description: scenario.description ?? '',
    seed: String(scenario.seed ?? RUN_DEFAULTS.seed),
    durationMs,
    sampleIntervalMs,
    loadTickMs: LOAD_TICK_MS,
    maxEvents: scenario.maxEvents ?? RUN_DEFAULTS.maxEvents,
  };
}
