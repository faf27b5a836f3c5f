import { describe, expect, it } from 'vitest';
import { documentedKinds, renderEventsDoc } from '../src/report/events-doc.js';

/**
 * docs/events.md is generated from the event catalogue's documentation tables and the wording
 * of their examples (src/report/events-doc.ts). After a change to the catalogue or the wording,
 * `npm run docs:events` rewrites it; until then this test fails.
 */
describe('docs/events.md', () => {
  it('gives every kind of the catalogue a section, once', () => {
    const { grouped, catalogue } = documentedKinds();
    expect([...grouped].sort()).toEqual([...catalogue].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });

  it('is what the generator writes from the source (npm run docs:events)', async () => {
    await expect(renderEventsDoc()).toMatchFileSnapshot('../docs/events.md');
  });
});
