import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HostPortAllocation, HostPortMode, HostPortTableOptions, PortMapping, Protocol } from '../../src/model/network/host-ports.js';
import {
  DEFAULT_DYNAMIC_PORT_RANGE,
  DEFAULT_HOST_PORT_OPTIONS,
  DEFAULT_RESERVED_TCP_PORTS,
  DEFAULT_RESERVED_UDP_PORTS,
  HostPortTable,
  LEGACY_DYNAMIC_PORT_RANGE,
  usesHostPorts,
} from '../../src/model/network/host-ports.js';

const tcp = (containerPort: number, hostPort?: number): PortMapping =>
  hostPort === undefined ? { containerPort, protocol: 'tcp' } : { containerPort, hostPort, protocol: 'tcp' };
const udp = (containerPort: number, hostPort?: number): PortMapping =>
  hostPort === undefined ? { containerPort, protocol: 'udp' } : { containerPort, hostPort, protocol: 'udp' };

function table(options?: Partial<HostPortTableOptions>): HostPortTable {
  return new HostPortTable({ ...DEFAULT_HOST_PORT_OPTIONS, ...options });
}

function expectConsistent(t: HostPortTable): void {
  expect(t.checkInvariant()).toBeNull();
}

describe('documented defaults', () => {
  it('match the ECS agent configuration defaults on Linux', () => {
    expect(DEFAULT_RESERVED_TCP_PORTS).toEqual([22, 2375, 2376, 51678, 51679]);
    expect(DEFAULT_RESERVED_UDP_PORTS).toEqual([]);
    expect(DEFAULT_DYNAMIC_PORT_RANGE).toEqual({ first: 32768, last: 60999 });
    expect(LEGACY_DYNAMIC_PORT_RANGE).toEqual({ first: 49153, last: 65535 });
  });

  it('a fresh default table has the whole dynamic range free except the reserved ports inside it', () => {
    const t = new HostPortTable();
    // 51678 and 51679 (agent ports) lie inside 32768-60999.
    expect(t.freeDynamic('tcp')).toBe(60999 - 32768 + 1 - 2);
    expect(t.freeDynamic('udp')).toBe(60999 - 32768 + 1);
    expect(t.inUse('tcp')).toBe(0);
    expect(t.inUse('udp')).toBe(0);
    expectConsistent(t);
  });

  it('only bridge and host tasks use host ports', () => {
    expect(usesHostPorts('bridge')).toBe(true);
    expect(usesHostPorts('host')).toBe(true);
    expect(usesHostPorts('awsvpc')).toBe(false);
    expect(usesHostPorts('none')).toBe(false);
  });
});

describe('host network mode', () => {
  it('a second task exposing the same port cannot share the instance; a different port can', () => {
    const t = new HostPortTable();
    expect(t.allocate([tcp(80)], 'host')).toEqual([80]);
    expect(t.canAllocate([tcp(80)], 'host')).toEqual({ ok: false, port: 80, protocol: 'tcp', kind: 'in-use' });
    expect(t.canAllocate([tcp(8080)], 'host')).toEqual({ ok: true });
    expect(t.allocate([tcp(8080)], 'host')).toEqual([8080]);
    expect(t.inUse('tcp')).toBe(2);
    expectConsistent(t);
  });

  it('hostPort may be omitted, 0, or equal to containerPort; anything else is a bad task definition', () => {
    const t = new HostPortTable();
    expect(t.allocate([tcp(81, 81), tcp(82, 0), tcp(83)], 'host')).toEqual([81, 82, 83]);
    expect(() => t.canAllocate([tcp(84, 85)], 'host')).toThrow(RangeError);
  });

  it('host mode ports inside the dynamic range are static, not dynamic', () => {
    const t = table({ dynamicRange: { first: 40000, last: 40003 } });
    expect(t.allocate([tcp(40000)], 'host')).toEqual([40000]);
    expect(t.freeDynamic('tcp')).toBe(3);
    expect(t.allocate([tcp(9000, 0)], 'bridge')).toEqual([40001]);
    expectConsistent(t);
  });

  it('a reserved port (22, SSH) is refused', () => {
    const t = new HostPortTable();
    expect(t.canAllocate([tcp(22)], 'host')).toEqual({ ok: false, port: 22, protocol: 'tcp', kind: 'reserved' });
    expect(t.canAllocate([tcp(2375)], 'host')).toMatchObject({ ok: false, kind: 'reserved' });
    expect(t.canAllocate([tcp(51679)], 'host')).toMatchObject({ ok: false, kind: 'reserved' });
    expect(() => t.allocate([tcp(22)], 'host')).toThrow(/reserved/);
    expect(t.inUse('tcp')).toBe(0);
    expectConsistent(t);
  });
});

describe('bridge network mode', () => {
  it('a fixed hostPort conflicts with the same hostPort on the instance, whatever the container port', () => {
    const t = new HostPortTable();
    expect(t.allocate([tcp(8080, 80)], 'bridge')).toEqual([80]);
    expect(t.canAllocate([tcp(3000, 80)], 'bridge')).toEqual({ ok: false, port: 80, protocol: 'tcp', kind: 'in-use' });
    // The same container port on another host port is fine: container ports are per container.
    expect(t.allocate([tcp(8080, 81)], 'bridge')).toEqual([81]);
    // A host-mode task wanting port 80 collides with the bridge task's host port 80.
    expect(t.canAllocate([tcp(80)], 'host')).toMatchObject({ ok: false, port: 80, kind: 'in-use' });
    expectConsistent(t);
  });

  it('a fixed hostPort that the agent reserves is refused', () => {
    const t = new HostPortTable();
    expect(t.canAllocate([tcp(8080, 22)], 'bridge')).toEqual({ ok: false, port: 22, protocol: 'tcp', kind: 'reserved' });
    const custom = table({ reservedTcp: [22, 8080], reservedUdp: [53] });
    expect(custom.canAllocate([tcp(1, 8080)], 'bridge')).toMatchObject({ ok: false, kind: 'reserved' });
    expect(custom.canAllocate([udp(53, 53)], 'bridge')).toMatchObject({ ok: false, port: 53, protocol: 'udp', kind: 'reserved' });
    expect(custom.canAllocate([tcp(53, 53)], 'bridge')).toEqual({ ok: true });
  });

  it('dynamic ports are the lowest free ports of the range, in mapping order', () => {
    const t = new HostPortTable();
    expect(t.allocate([tcp(80), tcp(443, 0)], 'bridge')).toEqual([32768, 32769]);
    expect(t.allocate([tcp(80)], 'bridge')).toEqual([32770]);
    expect(t.freeDynamic('tcp')).toBe(60999 - 32768 + 1 - 2 - 3);
    expectConsistent(t);
  });

  it('dynamic ports never conflict until the range is exhausted', () => {
    const t = table({ dynamicRange: { first: 50000, last: 50004 } });
    const seen = new Set<number>();
    for (let i = 0; i < 5; i++) {
      expect(t.canAllocate([tcp(80)], 'bridge')).toEqual({ ok: true });
      const [port] = t.allocate([tcp(80)], 'bridge');
      expect(seen.has(port!)).toBe(false);
      seen.add(port!);
    }
    expect([...seen]).toEqual([50000, 50001, 50002, 50003, 50004]);
    expect(t.freeDynamic('tcp')).toBe(0);
    expect(t.canAllocate([tcp(80)], 'bridge')).toEqual({ ok: false, port: 0, protocol: 'tcp', kind: 'dynamic-range-exhausted' });
    expect(() => t.allocate([tcp(80)], 'bridge')).toThrow(/dynamic/);
    // Fixed ports outside the range and the other protocol are unaffected.
    expect(t.canAllocate([tcp(80, 80), udp(80)], 'bridge')).toEqual({ ok: true });
    expectConsistent(t);
  });

  it('a task needing more dynamic ports than are left does not fit, and its own fixed ports in the range count', () => {
    const t = table({ dynamicRange: { first: 50000, last: 50002 } });
    expect(t.canAllocate([tcp(1), tcp(2), tcp(3)], 'bridge')).toEqual({ ok: true });
    expect(t.canAllocate([tcp(1), tcp(2), tcp(3), tcp(4)], 'bridge')).toMatchObject({ ok: false, kind: 'dynamic-range-exhausted' });
    // Three dynamic ports alone fit; the task's own fixed port 50001 leaves only two for them.
    expect(t.canAllocate([tcp(1), tcp(2), tcp(3), tcp(4, 50001)], 'bridge')).toMatchObject({ ok: false, kind: 'dynamic-range-exhausted' });
    // Two dynamic plus one fixed inside the range fit exactly; the dynamic ones skip the fixed one.
    expect(t.allocate([tcp(1), tcp(2, 50000), tcp(3)], 'bridge')).toEqual([50001, 50000, 50002]);
    expectConsistent(t);
  });

  it('reserved ports inside the dynamic range are never handed out dynamically', () => {
    const t = table({ reservedTcp: [50001, 50003], dynamicRange: { first: 50000, last: 50004 } });
    expect(t.freeDynamic('tcp')).toBe(3);
    expect(t.allocate([tcp(1), tcp(2), tcp(3)], 'bridge')).toEqual([50000, 50002, 50004]);
    expect(t.canAllocate([tcp(4)], 'bridge')).toMatchObject({ ok: false, kind: 'dynamic-range-exhausted' });
    expectConsistent(t);
  });

  it('dynamic allocation crosses word and page boundaries', () => {
    // 1023..1025 straddles the 1024-port page boundary; 31..33 a word boundary.
    for (const [first, last] of [
      [1000, 1100],
      [20, 40],
      [65500, 65535],
    ] as const) {
      const t = table({ reservedTcp: [], dynamicRange: { first, last } });
      const got: number[] = [];
      for (let p = first; p <= last; p++) got.push(t.allocate([tcp(80)], 'bridge')[0]!);
      expect(got).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
      expect(t.freeDynamic('tcp')).toBe(0);
      expectConsistent(t);
    }
  });
});

describe('protocols', () => {
  it('tcp and udp ports are independent', () => {
    const t = new HostPortTable();
    t.allocate([tcp(53)], 'host');
    expect(t.canAllocate([udp(53)], 'host')).toEqual({ ok: true });
    t.allocate([udp(53)], 'host');
    expect(t.canAllocate([udp(53)], 'host')).toMatchObject({ ok: false, protocol: 'udp', kind: 'in-use' });
    expect(t.inUse('tcp')).toBe(1);
    expect(t.inUse('udp')).toBe(1);
    // Dynamic ports too: each protocol starts at the bottom of the range.
    expect(t.allocate([tcp(1), udp(1)], 'bridge')).toEqual([32768, 32768]);
    expectConsistent(t);
  });

  it('udp 22 is not reserved by default (ECS_RESERVED_PORTS_UDP is empty)', () => {
    expect(new HostPortTable().canAllocate([udp(22)], 'host')).toEqual({ ok: true });
  });

  it('a task may map the same port once per protocol', () => {
    const t = new HostPortTable();
    expect(t.allocate([tcp(5000), udp(5000)], 'host')).toEqual([5000, 5000]);
    expectConsistent(t);
  });
});

describe('a task whose own mappings collide', () => {
  it('two mappings of one protocol to the same host port are refused', () => {
    const t = new HostPortTable();
    expect(t.canAllocate([tcp(80), tcp(80)], 'host')).toEqual({ ok: false, port: 80, protocol: 'tcp', kind: 'duplicate' });
    expect(t.canAllocate([tcp(8080, 80), tcp(9090, 80)], 'bridge')).toEqual({ ok: false, port: 80, protocol: 'tcp', kind: 'duplicate' });
    expect(() => t.allocate([tcp(80), tcp(80)], 'host')).toThrow(/duplicate/);
    expect(t.inUse('tcp')).toBe(0);
    expectConsistent(t);
  });

  it('two dynamic mappings of the same container port do not collide', () => {
    const t = new HostPortTable();
    expect(t.allocate([tcp(80), tcp(80)], 'bridge')).toEqual([32768, 32769]);
  });
});

describe('release', () => {
  it('release frees the ports for reuse, and the lowest dynamic port comes back first', () => {
    const t = new HostPortTable();
    const a = t.allocate([tcp(80, 80), tcp(9000)], 'bridge');
    const b = t.allocate([tcp(9000)], 'bridge');
    expect(a).toEqual([80, 32768]);
    expect(b).toEqual([32769]);
    t.release(a);
    expect(t.inUse('tcp')).toBe(1);
    expect(t.isAvailable(80, 'tcp')).toBe(true);
    expect(t.allocate([tcp(80, 80), tcp(9000)], 'bridge')).toEqual([80, 32768]);
    expectConsistent(t);
  });

  it('releasing twice throws and changes nothing', () => {
    const t = new HostPortTable();
    const a = t.allocate([tcp(80)], 'host');
    t.release(a);
    const b = t.allocate([tcp(80)], 'host'); // port 80 is held again, by another task
    expect(() => t.release(a)).toThrow(/not a live allocation/);
    expect(t.isAvailable(80, 'tcp')).toBe(false);
    t.release(b);
    expectConsistent(t);
  });

  it('a copy of the handle, or a handle from another table, is refused', () => {
    const t1 = new HostPortTable();
    const t2 = new HostPortTable();
    const a = t1.allocate([tcp(80)], 'host');
    t2.allocate([tcp(80)], 'host');
    expect(() => t1.release([...a])).toThrow(/not a live allocation/);
    expect(() => t2.release(a)).toThrow(/not a live allocation/);
    expectConsistent(t1);
    expectConsistent(t2);
  });

  it('an empty allocation is still a handle that can be released exactly once', () => {
    const t = new HostPortTable();
    const a = t.allocate([], 'bridge');
    expect(a).toEqual([]);
    t.release(a);
    expect(() => t.release(a)).toThrow();
  });
});

describe('validation', () => {
  it('rejects ports outside 1..65535 and bad ranges', () => {
    const t = new HostPortTable();
    expect(() => t.canAllocate([tcp(0)], 'bridge')).toThrow(RangeError);
    expect(() => t.canAllocate([tcp(80, 65536)], 'bridge')).toThrow(RangeError);
    expect(() => t.canAllocate([tcp(80.5)], 'host')).toThrow(RangeError);
    expect(() => t.canAllocate([{ containerPort: 80, protocol: 'sctp' as Protocol }], 'host')).toThrow(RangeError);
    expect(() => t.isAvailable(0, 'tcp')).toThrow(RangeError);
    expect(() => table({ dynamicRange: { first: 100, last: 99 } })).toThrow(RangeError);
    expect(() => table({ reservedTcp: [70000] })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random allocate/release sequences against a naive Set-based reference.

/** The obviously-correct model: sets of held ports, linear scans for dynamic ports. */
class Reference {
  readonly held = { tcp: new Set<number>(), udp: new Set<number>() };
  constructor(readonly opts: HostPortTableOptions) {}

  private reserved(p: Protocol): readonly number[] {
    return p === 'tcp' ? this.opts.reservedTcp : this.opts.reservedUdp;
  }

  /** Same contract as HostPortTable.allocate, or null when it would not fit. */
  allocate(mappings: readonly PortMapping[], mode: HostPortMode): number[] | null {
    const taken = { tcp: new Set(this.held.tcp), udp: new Set(this.held.udp) };
    for (const p of ['tcp', 'udp'] as const) for (const r of this.reserved(p)) taken[p].add(r);
    const out: number[] = [];
    for (const m of mappings) {
      const fixed = mode === 'host' ? m.containerPort : (m.hostPort ?? 0);
      if (fixed === 0) {
        out.push(0);
        continue;
      }
      if (taken[m.protocol].has(fixed)) return null;
      taken[m.protocol].add(fixed);
      out.push(fixed);
    }
    for (let i = 0; i < mappings.length; i++) {
      if (out[i] !== 0) continue;
      const p = mappings[i]!.protocol;
      let port = -1;
      for (let c = this.opts.dynamicRange.first; c <= this.opts.dynamicRange.last; c++) {
        if (!taken[p].has(c)) {
          port = c;
          break;
        }
      }
      if (port < 0) return null;
      taken[p].add(port);
      out[i] = port;
    }
    for (let i = 0; i < mappings.length; i++) this.held[mappings[i]!.protocol].add(out[i]!);
    return out;
  }

  release(mappings: readonly PortMapping[], ports: readonly number[]): void {
    for (let i = 0; i < mappings.length; i++) this.held[mappings[i]!.protocol].delete(ports[i]!);
  }

  freeDynamic(p: Protocol): number {
    let n = 0;
    const reserved = new Set(this.reserved(p));
    for (let c = this.opts.dynamicRange.first; c <= this.opts.dynamicRange.last; c++) if (!reserved.has(c) && !this.held[p].has(c)) n++;
    return n;
  }
}

type Op =
  | { kind: 'alloc'; mode: HostPortMode; mappings: PortMapping[] }
  | { kind: 'release'; pick: number }
  | { kind: 'doubleRelease'; pick: number };

// Small port spaces so conflicts, exhaustion and reuse all happen often. The range straddles a
// word boundary (ports 90..100 cross 96), the fixed ports overlap it, and reserved ports sit
// mid-word inside it so a dynamic pick that ignored them would show.
const OPTS: HostPortTableOptions = { reservedTcp: [22, 93], reservedUdp: [53, 98], dynamicRange: { first: 90, last: 100 } };
const portArb = fc.constantFrom(22, 53, 80, 81, 90, 93, 95, 96, 98, 100, 443);
const mappingArb: fc.Arbitrary<PortMapping> = fc.record({
  containerPort: portArb,
  hostPort: fc.option(fc.oneof(fc.constant(0), portArb), { nil: undefined }),
  protocol: fc.constantFrom<Protocol>('tcp', 'udp'),
});
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('alloc' as const), mode: fc.constantFrom<HostPortMode>('bridge', 'host'), mappings: fc.array(mappingArb, { maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('doubleRelease' as const), pick: fc.nat() }) },
);

describe('HostPortTable property', () => {
  it('random allocate/release sequences agree with a Set-based reference and never hand out a port twice', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const t = new HostPortTable(OPTS);
        const ref = new Reference(OPTS);
        const live: { mappings: PortMapping[]; ports: HostPortAllocation }[] = [];
        const released: HostPortAllocation[] = [];
        for (const op of ops) {
          if (op.kind === 'alloc') {
            // Host mode needs hostPort omitted or equal to containerPort.
            const mappings = op.mode === 'host' ? op.mappings.map((m) => ({ containerPort: m.containerPort, protocol: m.protocol })) : op.mappings;
            const check = t.canAllocate(mappings, op.mode);
            const expected = ref.allocate(mappings, op.mode);
            expect(check.ok).toBe(expected !== null);
            if (expected === null) {
              expect(() => t.allocate(mappings, op.mode)).toThrow();
            } else {
              const ports = t.allocate(mappings, op.mode);
              expect([...ports]).toEqual(expected);
              // Never twice: no port of this allocation is held by another live one.
              for (const other of live) {
                for (let i = 0; i < mappings.length; i++) {
                  for (let j = 0; j < other.mappings.length; j++) {
                    if (mappings[i]!.protocol === other.mappings[j]!.protocol) expect(ports[i]).not.toBe(other.ports[j]);
                  }
                }
              }
              live.push({ mappings, ports });
            }
          } else if (op.kind === 'release') {
            if (live.length === 0) continue;
            const [victim] = live.splice(op.pick % live.length, 1);
            t.release(victim!.ports);
            ref.release(victim!.mappings, victim!.ports);
            released.push(victim!.ports);
          } else {
            if (released.length === 0) continue;
            expect(() => t.release(released[op.pick % released.length]!)).toThrow();
          }
          for (const p of ['tcp', 'udp'] as const) {
            expect(t.inUse(p)).toBe(ref.held[p].size);
            expect(t.freeDynamic(p)).toBe(ref.freeDynamic(p));
          }
          expect(t.checkInvariant()).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a long churn over the default range stays consistent and lowest-first', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 50, maxLength: 400 }), (steps) => {
        const t = new HostPortTable();
        const ref = new Reference(DEFAULT_HOST_PORT_OPTIONS);
        const live: HostPortAllocation[] = [];
        const mappings = [tcp(80), tcp(443)];
        for (const [alloc, pick] of steps) {
          if (alloc || live.length === 0) {
            const ports = t.allocate(mappings, 'bridge');
            expect([...ports]).toEqual(ref.allocate(mappings, 'bridge'));
            live.push(ports);
          } else {
            const [victim] = live.splice(pick % live.length, 1);
            t.release(victim!);
            ref.release(mappings, victim!);
          }
        }
        expect(t.inUse('tcp')).toBe(ref.held.tcp.size);
        expect(t.checkInvariant()).toBeNull();
      }),
      { numRuns: 50 },
    );
  });
});
