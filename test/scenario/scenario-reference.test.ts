import { describe, expect, it } from 'vitest';
import { renderScenarioReference, undescribedFields } from '../../src/scenario/reference.js';
import { SCENARIO_SCHEMA } from '../../src/scenario/schema.js';

/**
 * The files generated from the scenario schema (src/scenario/schema.ts): the JSON Schema that
 * editors and `fleetsim schema` use, and the field reference. `npm run docs:scenario`
 * regenerates both; here they must match what is committed, so neither can go stale.
 */
describe('generated scenario documentation', () => {
  it('docs/scenario.schema.json is the schema', async () => {
    await expect(`${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`).toMatchFileSnapshot('../../docs/scenario.schema.json');
  });

  it('docs/scenario-reference.md is rendered from the schema', async () => {
    await expect(renderScenarioReference(SCENARIO_SCHEMA)).toMatchFileSnapshot('../../docs/scenario-reference.md');
  });

  it('every field of the format has a description', () => {
    expect(undescribedFields(SCENARIO_SCHEMA)).toEqual([]);
  });
});
