import { describe, expect, it } from 'vitest';
import { Trace, type TraceRecord } from '../../src/engine/trace.js';

interface Rec extends TraceRecord {
  readonly type: string;
}
const rec = (type: string, time = 0): Rec => ({ time, type });

describe('Trace', () => {
  it('delivers a record to every listener in subscription order, at once when none is being delivered', () => {
    const trace = new Trace<Rec>();
    const log: string[] = [];
    trace.subscribe((r) => log.push(`a:${r.type}`));
    trace.subscribe((r) => log.push(`b:${r.type}`));
    trace.emit(rec('x'));
    expect(log).toEqual(['a:x', 'b:x']);
    trace.emit(rec('y'));
    expect(log).toEqual(['a:x', 'b:x', 'a:y', 'b:y']);
  });

  it('queues records emitted during a delivery until every listener has the current one, in emission order', () => {
    const trace = new Trace<Rec>();
    const log: string[] = [];
    trace.subscribe((r) => log.push(`report:${r.type}`));
    trace.subscribe((r) => {
      log.push(`first:${r.type}`);
      if (r.type === 'task.stopped') {
        trace.emit(rec('service.event'));
        trace.emit(rec('host.terminated'));
        // Not delivered yet: the current record has not reached every listener.
        log.push('first:emitted');
      }
    });
    trace.subscribe((r) => log.push(`last:${r.type}`));
    trace.emit(rec('task.stopped'));
    expect(log).toEqual([
      'report:task.stopped',
      'first:task.stopped',
      'first:emitted',
      'last:task.stopped',
      'report:service.event',
      'first:service.event',
      'last:service.event',
      'report:host.terminated',
      'first:host.terminated',
      'last:host.terminated',
    ]);
  });

  it('puts records emitted while delivering a queued one behind the queue, and every listener sees one order', () => {
    const trace = new Trace<Rec>();
    const seen: string[][] = [[], []];
    trace.subscribe((r) => {
      seen[0]!.push(r.type);
      if (r.type === 'a') trace.emit(rec('b'));
      if (r.type === 'b') trace.emit(rec('d'));
    });
    trace.subscribe((r) => {
      seen[1]!.push(r.type);
      if (r.type === 'a') trace.emit(rec('c'));
    });
    trace.emit(rec('a'));
    expect(seen[0]).toEqual(['a', 'b', 'c', 'd']);
    expect(seen[1]).toEqual(seen[0]);
    // The queue is empty again: the next record is delivered at once.
    trace.emit(rec('e'));
    expect(seen[0]!.at(-1)).toBe('e');
  });

  it('is usable again after a listener throws (a bug surfaces, the trace does not stay stuck)', () => {
    const trace = new Trace<Rec>();
    const log: string[] = [];
    trace.subscribe((r) => {
      log.push(r.type);
      if (r.type === 'boom') {
        trace.emit(rec('queued'));
        throw new Error('listener bug');
      }
    });
    expect(() => trace.emit(rec('boom'))).toThrow('listener bug');
    trace.emit(rec('after'));
    expect(log).toEqual(['boom', 'after']);
  });
});
