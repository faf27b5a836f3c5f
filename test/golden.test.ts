import { createHash, type Hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { produceRunOutputs, RUN_OUTPUT_FILES } from '../src/experiments/run-outputs.js';
import type { TextSink } from '../src/report/text-sink.js';
import { EXAMPLE_SCENARIOS, loadScenarioFile, scenarioFiles } from './support/scenario-runner.js';

/**
 * Golden outputs (docs/testing.md, "Golden outputs"): every scenario under scenarios/ run with
 * its own seed must write, byte for byte, the output files it wrote when its digest was last
 * accepted. A refactor that changes any output fails here; a change meant to alter outputs
 * regenerates the digests with `npm run golden:update` and its commit says which scenarios
 * changed and why.
 */
class DigestSink implements TextSink {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  write(chunk: string): void {
    this.hash.update(chunk, 'utf8');
    this.bytes += Buffer.byteLength(chunk, 'utf8');
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** The digest record of one scenario: its seed and, per output file, SHA-256 and size. */
export function scenarioDigests(file: string): { scenario: string; seed: string; files: Record<string, { sha256: string; bytes: number }> } {
  const { spec, imports } = loadScenarioFile(file);
  const sinks = new Map<string, DigestSink>();
  const { result } = produceRunOutputs(spec, { imports }, (name) => {
    const sink = new DigestSink();
    sinks.set(name, sink);
    return sink;
  });
  const files: Record<string, { sha256: string; bytes: number }> = {};
  for (const name of RUN_OUTPUT_FILES) {
    const sink = sinks.get(name)!;
    files[name] = { sha256: sink.digest(), bytes: sink.bytes };
  }
  return { scenario: file, seed: result.seed, files };
}

describe('golden outputs', () => {
  it.each([...scenarioFiles(), ...EXAMPLE_SCENARIOS])('%s writes the outputs its digest pins', async (file) => {
    const record = scenarioDigests(file);
    const golden = `golden/${file.replace(/^scenarios\//, '').replace(/\.(yaml|json)$/, '')}.json`;
    await expect(`${JSON.stringify(record, null, 2)}\n`).toMatchFileSnapshot(golden);
  });
});
