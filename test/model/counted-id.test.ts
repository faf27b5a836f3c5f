import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countedId, countedIdNumber, MAX_COUNTED_ID_NUMBER } from '../../src/model/counted-id.js';
import { ClusterState } from '../../src/model/cluster-state.js';

describe('counted ids (t-000042, i-000007)', () => {
  it('reads the number of an id the simulator makes, and no other', () => {
    expect(countedIdNumber('t-000042', 116)).toBe(42);
    expect(countedIdNumber('t-1234567', 116)).toBe(1_234_567);
    expect(countedIdNumber('i-000007', 105)).toBe(7);
    for (const id of ['t-42', 't-0000042', 'i-000042', 'T-000042', 't_000042', 't-00004x', 't-000042 ', 't-999999999']) expect(countedIdNumber(id, 116)).toBe(-1);
  });

  it('reads back every number countedId writes below the limit, and two ids never share one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_COUNTED_ID_NUMBER - 1 }), (n) => {
        expect(countedIdNumber(countedId('t', n), 116)).toBe(n);
        expect(countedIdNumber(countedId('i', n), 116)).toBe(-1);
      }),
    );
    expect(countedIdNumber(countedId('t', MAX_COUNTED_ID_NUMBER), 116)).toBe(-1);
  });

  it('is the form ClusterState gives tasks, instances and ENIs', () => {
    const state = new ClusterState();
    expect([state.nextTaskId(), state.nextTaskId(), state.nextHostId(), state.nextEniId()]).toEqual(['t-000001', 't-000002', 'i-000001', 'eni-000001']);
  });
});
