import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyOverrides, parseFieldPath, parseSetOption, yamlText, type SweepParameter } from '../../src/experiments/sweep-overrides.js';
import { mergeSweepParts, renderSweepPart, parseSweepPart, type SweepHeader } from '../../src/experiments/sweep-report.js';
import { formatSeeds, parseSeeds, parseShard, runCount, shardRuns, sweepId, sweepRun, type SweepDefinition } from '../../src/experiments/sweep.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const QUICKSTART = readFileSync(resolve(__dirname, '..', '..', 'scenarios', 'quickstart.yaml'), 'utf8');

function param(text: string): SweepParameter {
  const p = parseSetOption(text);
  if (!p.ok) throw new Error(p.message);
  return p.value;
}

function override(text: string): { path: string; segments: readonly (string | number)[]; value: unknown } {
  const p = param(text);
  return { path: p.path, segments: p.segments, value: p.parsed[0] };
}

describe('--set parsing', () => {
  it('parses paths with keys and list indexes', () => {
    expect(parseFieldPath('services[0].taskDefinition.containerDefinitions[0].imageSize')).toEqual({
      ok: true,
      value: ['services', 0, 'taskDefinition', 'containerDefinitions', 0, 'imageSize'],
    });
    expect(parseFieldPath('a..b').ok).toBe(false);
    expect(parseFieldPath('services[x]').ok).toBe(false);
  });

  it('parses values as YAML scalars, split at top-level commas', () => {
    const p = param('services[0].desiredCount=4, 8');
    expect(p.path).toBe('services[0].desiredCount');
    expect(p.values).toEqual(['4', '8']);
    expect(p.parsed).toEqual([4, 8]);
    expect(param('duration=30m,1h').parsed).toEqual(['30m', '1h']);
    expect(param("x=true,'4',null").parsed).toEqual([true, '4', null]);
    expect(param('expect[0].running={min: 1, max: 2},3').parsed).toEqual([{ min: 1, max: 2 }, 3]);
  });

  it('rejects a missing =, empty and repeated values', () => {
    expect(parseSetOption('duration')).toMatchObject({ ok: false, message: expect.stringMatching(/expected path=value1,value2/) });
    expect(parseSetOption('duration=1m,,2m')).toMatchObject({ ok: false, message: expect.stringMatching(/empty value/) });
    expect(parseSetOption('duration=1m,1m')).toMatchObject({ ok: false, message: expect.stringMatching(/given twice/) });
  });

  it('writes values back as YAML that reads the same in block and flow context', () => {
    for (const v of [4, 0.5, true, null, '30m', 'a, b', 'x: y', '', '#c', '4', 'web:1.4.2', { min: 1 }, [1, 2]]) {
      const text = yamlText(v);
      expect(parse(text), text).toEqual(v);
      expect(parse(`{ k: ${text} }`), text).toEqual({ k: v });
    }
  });
});

describe('applyOverrides', () => {
  it('replaces a value in place, keeping every line where it was', () => {
    const r = applyOverrides(QUICKSTART, [override('services[0].desiredCount=4'), override('duration=30m')]);
    expect(r.ok).toBe(true);
    const text = (r as { value: string }).value;
    expect(text.split('\n').length).toBe(QUICKSTART.split('\n').length);
    expect(parse(text)).toMatchObject({ duration: '30m', services: [{ desiredCount: 4 }] });
    expect(text).toContain('# 4 vCPU, 16 GiB'); // comments survive
  });

  it('replaces values inside flow mappings', () => {
    const r = applyOverrides(QUICKSTART, [override('events[0].scale.desiredCount=12')]);
    expect(parse((r as { value: string }).value).events[0]).toEqual({ at: '5m', scale: { service: 'web', desiredCount: 12 } });
  });

  it('adds a field the format allows but the file does not set', () => {
    const r = applyOverrides(QUICKSTART, [override('cluster.ecsReservedMemory=256'), override('services[0].taskDefinition.containerDefinitions[0].readyAfter=5s')]);
    expect(r.ok).toBe(true);
    const data = parse((r as { value: string }).value);
    expect(data.cluster.ecsReservedMemory).toBe(256);
    expect(data.services[0].taskDefinition.containerDefinitions[0].readyAfter).toBe('5s');
  });

  it('rejects an unknown field with a suggestion', () => {
    expect(applyOverrides(QUICKSTART, [override('services[0].desiredCont=4')])).toEqual({
      ok: false,
      message: "--set services[0].desiredCont: no field 'desiredCont' in services[0] (did you mean 'desiredCount'?)",
    });
    expect(applyOverrides(QUICKSTART, [override('clustr.region=eu-west-1')])).toMatchObject({ ok: false, message: expect.stringMatching(/no field 'clustr' in the scenario \(did you mean 'cluster'\?\)/) });
  });

  it('rejects an index past the end of a list, and indexing a mapping', () => {
    expect(applyOverrides(QUICKSTART, [override('services[3].desiredCount=4')])).toEqual({
      ok: false,
      message: '--set services[3].desiredCount: index [3] is past the end of services (1 item)',
    });
    expect(applyOverrides(QUICKSTART, [override('cluster[0]=1')])).toMatchObject({ ok: false, message: expect.stringMatching(/cluster is a mapping, not a list/) });
  });

  it('leaves a bad value to the loader, which names the field and its line', () => {
    const r = applyOverrides(QUICKSTART, [override('services[0].desiredCount=-2')]);
    const loaded = loadScenario('q.yaml', (r as { value: string }).value);
    if (loaded.ok) throw new Error('expected a scenario error');
    const d = loaded.diagnostics[0]!;
    expect(d.path).toBe('services[0].desiredCount');
    expect(d.line).toBe(QUICKSTART.split('\n').findIndex((l) => l.includes('desiredCount: 6')) + 1);
  });
});

describe('the run set', () => {
  const def: SweepDefinition = { parameters: [param('a=1,2'), param('b=x,y,z')], seeds: ['1', '2'] };

  it('is parameter sets in --set order (first slowest), then seeds innermost', () => {
    expect(runCount(def)).toBe(12);
    const runs = Array.from({ length: 12 }, (_, i) => sweepRun(def, i));
    expect(runs.map((r) => `${r.values.join('')}:${r.seed}`)).toEqual(['1x:1', '1x:2', '1y:1', '1y:2', '1z:1', '1z:2', '2x:1', '2x:2', '2y:1', '2y:2', '2z:1', '2z:2']);
    expect(runs.map((r) => r.parameterSet)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('gives shard k of n the runs i with i mod n = k: disjoint and complete', () => {
    expect(shardRuns(12, { index: 1, count: 5 })).toEqual([1, 6, 11]);
    const all = [0, 1, 2, 3, 4].flatMap((k) => shardRuns(12, { index: k, count: 5 }));
    expect(all.sort((x, y) => x - y)).toEqual(shardRuns(12));
  });

  it('parses seeds and shards', () => {
    expect(parseSeeds('1..3,7')).toEqual({ ok: true, value: ['1', '2', '3', '7'] });
    expect(parseSeeds('abc,5')).toEqual({ ok: true, value: ['abc', '5'] });
    // A lone count is 1..N; one seed alone is a range of one.
    expect(parseSeeds('3')).toEqual({ ok: true, value: ['1', '2', '3'] });
    expect(parseSeeds('42..42')).toEqual({ ok: true, value: ['42'] });
    expect(parseSeeds('0')).toMatchObject({ ok: false, message: '--seeds 0: a count of seeds must be at least 1' });
    expect(parseSeeds('2000000').ok).toBe(false);
    expect(parseSeeds('1..3,2')).toMatchObject({ ok: false, message: expect.stringMatching(/seed 2 appears twice/) });
    expect(parseSeeds('5..1').ok).toBe(false);
    expect(formatSeeds(['1', '2', '3', '7', '9', '10', 'x'])).toBe('1..3,7,9,10,x');
    expect(parseShard('2/4')).toEqual({ ok: true, value: { index: 2, count: 4 } });
    expect(parseShard('4/4')).toMatchObject({ ok: false, message: expect.stringMatching(/numbered 0..3/) });
    expect(parseShard('x').ok).toBe(false);
  });

  it('has an id that changes with the scenario, the values and the seeds', () => {
    const base = { text: 'a', files: {}, definition: def };
    const id = sweepId(base);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(sweepId({ ...base })).toBe(id);
    expect(sweepId({ ...base, text: 'b' })).not.toBe(id);
    expect(sweepId({ ...base, definition: { ...def, seeds: ['1', '3'] } })).not.toBe(id);
    expect(sweepId({ ...base, definition: { ...def, parameters: [param('a=1,3'), def.parameters[1]!] } })).not.toBe(id);
    expect(sweepId({ ...base, files: { 'trace.csv': '1' } })).not.toBe(id);
  });
});

describe('merging parts', () => {
  const header: SweepHeader = { sweepId: 'abc', scenario: 's', parameters: [], seeds: ['1', '2', '3'], totalRuns: 3, expectations: [] };
  const result = (run: number) => ({ run, values: [], seed: String(run + 1), metrics: { events: run }, held: [], incidents: [] });
  const part = (index: number, count: number, h = header) => {
    const p = parseSweepPart(renderSweepPart(h, { index, count }, shardRuns(3, { index, count }).map(result)), `shard-${index}`);
    if (!p.ok) throw new Error(p.message);
    return { source: `shard-${index}`, part: p.value };
  };

  it('puts the runs back in order', () => {
    const merged = mergeSweepParts([part(1, 2), part(0, 2)]);
    expect(merged.ok && merged.value.results.map((r) => r.run)).toEqual([0, 1, 2]);
  });

  it('refuses parts of other sweeps, missing and duplicate shards', () => {
    expect(mergeSweepParts([part(0, 2), part(1, 2, { ...header, sweepId: 'def' })])).toMatchObject({ ok: false, message: expect.stringMatching(/shard-1 is from another sweep \(sweep def/) });
    expect(mergeSweepParts([part(0, 3), part(2, 3)])).toMatchObject({ ok: false, message: 'missing shard 1/3 of sweep abc (have 2 of 3)' });
    expect(mergeSweepParts([part(0, 2), part(0, 2)])).toMatchObject({ ok: false, message: 'shard 0/2 is given twice: shard-0 and shard-0' });
    expect(mergeSweepParts([part(0, 2), part(1, 3)])).toMatchObject({ ok: false, message: expect.stringMatching(/same COUNT/) });
    expect(parseSweepPart('{"format":"other"}', 'x')).toMatchObject({ ok: false, message: expect.stringMatching(/not a fleetsim sweep part/) });
    // A part without the expectations and incidents of each run cannot make sweep.md.
    expect(parseSweepPart('{"format":"fleetsim-sweep-part/1"}', 'x')).toMatchObject({ ok: false, message: 'x: a sweep part of another fleetsim version ("format": "fleetsim-sweep-part/1", this one reads "fleetsim-sweep-part/2"); run that shard again' });
  });
});
