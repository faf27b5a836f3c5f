/**
 * Host port accounting for ECS tasks in the `bridge` and `host` network modes: which host ports
 * (per protocol) of one container instance are reserved or held by tasks, and which ports a new
 * task would get.
 *
 * AWS facts modelled here (figures and wording only; no code was taken from these sources):
 * - Amazon ECS API Reference, `PortMapping` (docs.aws.amazon.com/AmazonECS/latest/APIReference/
 *   API_PortMapping.html; same text in the AWS SDK docs for `PortMapping.hostPort`):
 *   - `host` (and `awsvpc`) mode: `hostPort` is left blank or equals `containerPort`, so the
 *     host port IS the container port and two tasks exposing the same port cannot share an
 *     instance.
 *   - `bridge` mode: a non-reserved `hostPort` may be given, or `hostPort` omitted / set to 0,
 *     in which case the container "automatically receives a port in the ephemeral port range".
 *     "Any host port that was previously specified in a running task is also reserved while the
 *     task is running (after a task stops, the host port is released)."
 *   - "Do not attempt to specify a host port in the ephemeral port range as these are reserved
 *     for automatic assignment": advice, not a rule ECS enforces, so a fixed port inside the
 *     dynamic range is accepted here and simply takes that port out of the dynamic pool.
 *   - `protocol` is `tcp` (default) or `udp`; the two protocols have separate port spaces (ECS
 *     reports `PORTS` and `PORTS_UDP` as separate remaining resources of an instance).
 *   - `awsvpc` and `none` tasks use no host ports at all (`usesHostPorts` below).
 * - Amazon ECS container agent configuration (docs.aws.amazon.com/AmazonECS/latest/
 *   developerguide/ecs-agent-config.html; same table in the aws/amazon-ecs-agent README):
 *   - `ECS_RESERVED_PORTS`, Linux default `[22, 2375, 2376, 51678, 51679]` (SSH, the Docker
 *     API ports, the agent's introspection and credentials ports).
 *   - `ECS_RESERVED_PORTS_UDP`, default `[]`.
 *   - `ECS_DYNAMIC_HOST_PORT_RANGE` (agent 1.70.0+), Linux default "Defined by
 *     /proc/sys/net/ipv4/ip_local_port_range", whose kernel default is 32768–60999 (Linux
 *     Documentation/networking/ip-sysctl: "The default values are 32768 and 60999"). The older
 *     fallback, used when that kernel parameter is unavailable, is 49153–65535 (PortMapping doc).
 * - Amazon ECS Developer Guide, "Service event messages" ("Port already in-use": the task's
 *   port mapping uses a port a task already running on the chosen instance holds) and the
 *   DescribeServices example in the API Reference, which gives the full event text used by
 *   `portConflictReason`.
 *
 * Not modelled: the limit of 100 reserved (fixed) host ports per instance that the PortMapping
 * doc mentions, `containerPortRange`, and the fact that real ECS placement only tracks fixed
 * ports (dynamic ports are picked later by the agent, so a fixed port that collides with a
 * dynamic one fails at container start in reality; here it is refused at placement).
 *
 * Data layout (why it looks like this): one table exists per container instance and the
 * simulator may run 100k instances, so a table must cost almost nothing until it is used, and
 * `canAllocate` runs for every candidate instance of every placement. The 64k port space of a
 * protocol is a bitset of 2048 32-bit words cut into 64 pages of 32 words (1024 ports); a page
 * is allocated only when a port in it is first taken. A 64-word summary keeps one bit per word,
 * set when the word has no port left for dynamic assignment (taken, reserved, or outside the
 * range), so "lowest free dynamic port" reads at most one summary word per page the range
 * spans (28 for the default range) and then one data word, using `Math.clz32`. Reserved ports
 * are shared, immutable bitsets compiled once per options object.
 */
import type { NetworkMode } from '../task-definition.js';
import type { PortMapping, Protocol } from './port-mapping.js';

// Declared in port-mapping.ts, which the task definition imports without this table;
// re-exported for importers.
export type { PortMapping, Protocol } from './port-mapping.js';

/** The network modes that bind host ports; `awsvpc` and `none` tasks never touch this table. */
export type HostPortMode = Extract<NetworkMode, 'bridge' | 'host'>;

/** True for the network modes whose tasks hold host ports (`bridge`, `host`). */
export function usesHostPorts(mode: NetworkMode): mode is HostPortMode {
  return mode === 'bridge' || mode === 'host';
}

/** Inclusive port range, as `ECS_DYNAMIC_HOST_PORT_RANGE` writes it (`first-last`). */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

export interface HostPortTableOptions {
  /** `ECS_RESERVED_PORTS`: TCP ports no task may bind. */
  readonly reservedTcp: readonly number[];
  /** `ECS_RESERVED_PORTS_UDP`: UDP ports no task may bind. */
  readonly reservedUdp: readonly number[];
  /** `ECS_DYNAMIC_HOST_PORT_RANGE`: where bridge-mode dynamic host ports come from. */
  readonly dynamicRange: PortRange;
}

/** ECS agent `ECS_RESERVED_PORTS` default on Linux (ecs-agent-config; agent README). */
export const DEFAULT_RESERVED_TCP_PORTS: readonly number[] = Object.freeze([22, 2375, 2376, 51678, 51679]);

/** ECS agent `ECS_RESERVED_PORTS_UDP` default (ecs-agent-config; agent README). */
export const DEFAULT_RESERVED_UDP_PORTS: readonly number[] = Object.freeze([]);

/**
 * ECS agent `ECS_DYNAMIC_HOST_PORT_RANGE` default on Linux: the kernel's
 * `net.ipv4.ip_local_port_range`, whose default is 32768–60999 (kernel ip-sysctl doc). An
 * instance that tuned that sysctl should set `dynamicRange` instead.
 */
export const DEFAULT_DYNAMIC_PORT_RANGE: PortRange = Object.freeze({ first: 32768, last: 60999 });

/**
 * The range the PortMapping doc gives for when `ip_local_port_range` is unavailable on Linux
 * (49153–65535); also the agent's historical default. For scenarios that mimic old hosts.
 */
export const LEGACY_DYNAMIC_PORT_RANGE: PortRange = Object.freeze({ first: 49153, last: 65535 });

/** The Linux ECS-optimized AMI's defaults for all three agent settings. */
export const DEFAULT_HOST_PORT_OPTIONS: HostPortTableOptions = Object.freeze({
  reservedTcp: DEFAULT_RESERVED_TCP_PORTS,
  reservedUdp: DEFAULT_RESERVED_UDP_PORTS,
  dynamicRange: DEFAULT_DYNAMIC_PORT_RANGE,
});

/**
 * Why a task's mappings do not fit:
 * - `in-use`: a task on this instance holds the host port.
 * - `reserved`: the agent reserves the port (`ECS_RESERVED_PORTS[_UDP]`).
 * - `duplicate`: two of the task's own mappings want the same host port and protocol.
 * - `dynamic-range-exhausted`: not enough free ports left in the dynamic range (`port` is 0).
 */
export type PortConflictKind = 'in-use' | 'reserved' | 'duplicate' | 'dynamic-range-exhausted';

export type PortCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly port: number; readonly protocol: Protocol; readonly kind: PortConflictKind };

/**
 * What `allocate` returns: element i is the host port bound for `mappings[i]` (static ports as
 * given, dynamic ones as chosen), i.e. the task's `networkBindings`. The array itself is the
 * handle `release` takes, so keep the very same array (not a copy) until the task stops.
 */
export type HostPortAllocation = readonly number[];

const PORTS_OK: PortCheck = Object.freeze({ ok: true });

const PORT_MAX = 65535;
const WORDS = 2048; // 65536 ports / 32
const PAGE_WORDS = 32; // one summary word per page
const PAGES = WORDS / PAGE_WORDS; // 64
const ALL = 0xffffffff;

/** Bit for `port` inside its word; bits are MSB-first so `Math.clz32` yields the lowest port. */
function bitOf(port: number): number {
  return 0x80000000 >>> (port & 31);
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Reserved ports and dynamic-range geometry for one protocol, shared by every table. */
interface CompiledProtocol {
  /** 2048 words, bit set = reserved. */
  readonly reserved: Uint32Array;
  readonly reservedCount: number;
  /** 64 words, the initial "no dynamic port left in this word" summary. */
  readonly fullTemplate: Uint32Array;
  /** Ports in the dynamic range that are not reserved. */
  readonly dynamicCapacity: number;
}

interface Compiled {
  readonly first: number;
  readonly last: number;
  readonly firstWord: number;
  readonly lastWord: number;
  readonly tcp: CompiledProtocol;
  readonly udp: CompiledProtocol;
}

/** Bits of word `w` whose ports lie in [first, last]. */
function inRangeMask(w: number, first: number, last: number): number {
  const base = w << 5;
  if (base > last || base + 31 < first) return 0;
  const start = Math.max(first - base, 0);
  const end = Math.min(last - base, 31);
  // `>>> 32` is `>>> 0` in JS, hence the special case for a range reaching the word's end.
  const tail = end === 31 ? 0 : ALL >>> (end + 1);
  return ((ALL >>> start) & ~tail) >>> 0;
}

function validatePort(port: number, what: string, min: number): void {
  if (!Number.isInteger(port) || port < min || port > PORT_MAX) {
    throw new RangeError(`${what} ${String(port)} is not a port number (${min}..${PORT_MAX})`);
  }
}

function compileProtocol(ports: readonly number[], name: string, first: number, last: number, firstWord: number, lastWord: number): CompiledProtocol {
  const reserved = new Uint32Array(WORDS);
  let reservedCount = 0;
  let reservedInRange = 0;
  for (const p of ports) {
    validatePort(p, `reserved ${name} port`, 1);
    const w = p >>> 5;
    if ((reserved[w]! & bitOf(p)) !== 0) continue; // duplicates in the list are harmless
    reserved[w] = (reserved[w]! | bitOf(p)) >>> 0;
    reservedCount++;
    if (p >= first && p <= last) reservedInRange++;
  }
  const fullTemplate = new Uint32Array(PAGES).fill(ALL);
  for (let w = firstWord; w <= lastWord; w++) {
    const blocked = (reserved[w]! | ~inRangeMask(w, first, last)) >>> 0;
    if (blocked !== ALL) fullTemplate[w >>> 5] = (fullTemplate[w >>> 5]! & ~bitOf(w)) >>> 0;
  }
  return { reserved, reservedCount, fullTemplate, dynamicCapacity: last - first + 1 - reservedInRange };
}

// Compiling costs two 8 KiB bitsets; instances built from the same options object share them.
const compiledCache = new WeakMap<HostPortTableOptions, Compiled>();

function compile(options: HostPortTableOptions): Compiled {
  const cached = compiledCache.get(options);
  if (cached !== undefined) return cached;
  const { first, last } = options.dynamicRange;
  validatePort(first, 'dynamic range start', 1);
  validatePort(last, 'dynamic range end', 1);
  if (first > last) throw new RangeError(`dynamic range ${first}-${last} is empty (start after end)`);
  const firstWord = first >>> 5;
  const lastWord = last >>> 5;
  const compiled: Compiled = {
    first,
    last,
    firstWord,
    lastWord,
    tcp: compileProtocol(options.reservedTcp, 'tcp', first, last, firstWord, lastWord),
    udp: compileProtocol(options.reservedUdp, 'udp', first, last, firstWord, lastWord),
  };
  compiledCache.set(options, compiled);
  return compiled;
}

/** Ports held by tasks for one protocol on one instance; created on first use. */
interface ProtocolState {
  /** 64 pages of 32 words; bit set = held by a task. Pages appear on first use. */
  readonly pages: (Uint32Array | undefined)[];
  /** Per word, bit set = no port of that word is available for dynamic assignment. */
  readonly full: Uint32Array;
  inUse: number;
  freeDynamic: number;
}

/**
 * Host ports of one container instance.
 *
 * Contract: `canAllocate` is a pure check; `allocate` takes exactly what `canAllocate` approved
 * (and throws, as a bug, for anything else); `release` gives back one allocation exactly once
 * (a second release, or a handle from another table, throws). Dynamic ports are the lowest
 * free ports of the dynamic range, so equal inputs give equal ports. Mappings are validated on
 * every call: a port outside 1..65535, or a host-mode `hostPort` that differs from the
 * `containerPort`, or a protocol other than tcp/udp throws `RangeError` (scenario validation
 * should catch those first).
 */
export class HostPortTable {
  readonly dynamicRange: PortRange;
  private readonly compiled: Compiled;
  private tcp: ProtocolState | undefined;
  private udp: ProtocolState | undefined;
  /** Live allocations and the mappings they were made for; the key is the returned array. */
  private live: Map<HostPortAllocation, readonly PortMapping[]> | undefined;

  /**
   * `options` defaults to the Linux agent defaults. Pass the same options object to many tables
   * so they share its compiled reserved-port bitsets. Throws `RangeError` for a bad port or range.
   */
  constructor(options: HostPortTableOptions = DEFAULT_HOST_PORT_OPTIONS) {
    this.compiled = compile(options);
    this.dynamicRange = { first: this.compiled.first, last: this.compiled.last };
  }

  /**
   * Whether a task with these mappings fits next to the tasks already here. Reports the first
   * problem in mapping order: a reserved, held, or self-duplicated fixed port, then a shortage
   * of dynamic ports (fixed ports of the same task inside the dynamic range count against it).
   * Never mutates; allocates nothing on success.
   */
  canAllocate(mappings: readonly PortMapping[], mode: HostPortMode): PortCheck {
    let dynamicTcp = 0;
    let dynamicUdp = 0;
    let fixedInRangeTcp = 0;
    let fixedInRangeUdp = 0;
    for (let i = 0; i < mappings.length; i++) {
      const m = mappings[i]!;
      const port = hostPortOf(m, mode);
      if (port === 0) {
        if (m.protocol === 'tcp') dynamicTcp++;
        else dynamicUdp++;
        continue;
      }
      if (this.isReserved(port, m.protocol)) return { ok: false, port, protocol: m.protocol, kind: 'reserved' };
      if (this.isHeld(port, m.protocol)) return { ok: false, port, protocol: m.protocol, kind: 'in-use' };
      // Quadratic in the task's own mappings (a handful) so the check needs no scratch set.
      for (let j = 0; j < i; j++) {
        const earlier = mappings[j]!;
        if (earlier.protocol === m.protocol && hostPortOf(earlier, mode) === port) {
          return { ok: false, port, protocol: m.protocol, kind: 'duplicate' };
        }
      }
      if (port >= this.compiled.first && port <= this.compiled.last) {
        if (m.protocol === 'tcp') fixedInRangeTcp++;
        else fixedInRangeUdp++;
      }
    }
    if (dynamicTcp > 0 && dynamicTcp + fixedInRangeTcp > this.freeDynamic('tcp')) {
      return { ok: false, port: 0, protocol: 'tcp', kind: 'dynamic-range-exhausted' };
    }
    if (dynamicUdp > 0 && dynamicUdp + fixedInRangeUdp > this.freeDynamic('udp')) {
      return { ok: false, port: 0, protocol: 'udp', kind: 'dynamic-range-exhausted' };
    }
    return PORTS_OK;
  }

  /**
   * Takes the host ports for a task: fixed ones as given (host mode: the container ports), then
   * each dynamic one as the lowest free port of the dynamic range, in mapping order. Returns the
   * handle to pass to `release`. Throws when `canAllocate` would refuse (a caller bug).
   */
  allocate(mappings: readonly PortMapping[], mode: HostPortMode): HostPortAllocation {
    const check = this.canAllocate(mappings, mode);
    if (!check.ok) {
      throw new Error(
        `HostPortTable.allocate: ${check.protocol} port ${check.port === 0 ? '(dynamic)' : check.port} is not available (${check.kind}); call canAllocate first`,
      );
    }
    const ports = new Array<number>(mappings.length);
    // Fixed ports first, so dynamic picks skip the task's own fixed ports in the range.
    for (let i = 0; i < mappings.length; i++) {
      const m = mappings[i]!;
      const port = hostPortOf(m, mode);
      ports[i] = port;
      if (port !== 0) this.take(m.protocol, port);
    }
    for (let i = 0; i < mappings.length; i++) {
      if (ports[i] !== 0) continue;
      const protocol = mappings[i]!.protocol;
      const port = this.lowestFreeDynamic(protocol);
      // canAllocate counted the free dynamic ports, so this cannot fail unless state is corrupt.
      if (port < 0) throw new Error('HostPortTable.allocate: dynamic range unexpectedly exhausted (corrupt state)');
      ports[i] = port;
      this.take(protocol, port);
    }
    (this.live ??= new Map()).set(ports, mappings);
    return ports;
  }

  /**
   * Gives back every port of an allocation (a task stopped). Throws, changing nothing, when
   * `allocation` is not a live allocation of this table: released already, made by another
   * table, or a copy of the array `allocate` returned.
   */
  release(allocation: HostPortAllocation): void {
    const mappings = this.live?.get(allocation);
    if (mappings === undefined) {
      throw new Error(
        `HostPortTable.release: [${allocation.join(', ')}] is not a live allocation of this table (released twice, or from another table?)`,
      );
    }
    for (let i = 0; i < allocation.length; i++) {
      const protocol = mappings[i]!.protocol;
      const port = allocation[i]!;
      if (!this.isHeld(port, protocol)) {
        throw new Error(`HostPortTable.release: ${protocol} port ${port} of this allocation is not held (was the array modified?)`);
      }
    }
    this.live!.delete(allocation);
    for (let i = 0; i < allocation.length; i++) this.give(mappings[i]!.protocol, allocation[i]!);
  }

  /** Host ports of `protocol` held by tasks (fixed and dynamic; reserved ports not counted). */
  inUse(protocol: Protocol): number {
    return this.stateOrUndefined(protocol)?.inUse ?? 0;
  }

  /** Ports of the dynamic range that are neither reserved nor held, for `protocol`. */
  freeDynamic(protocol: Protocol): number {
    return this.stateOrUndefined(protocol)?.freeDynamic ?? this.compiledFor(protocol).dynamicCapacity;
  }

  /** True when a task could bind `port` as a fixed host port (not reserved, not held). */
  isAvailable(port: number, protocol: Protocol): boolean {
    validatePort(port, 'port', 1);
    return !this.isReserved(port, protocol) && !this.isHeld(port, protocol);
  }

  /**
   * Full consistency check (scans everything; for tests and invariant sweeps): counts match the
   * bitsets, no held port is reserved, the dynamic summary is exact, and the live allocations
   * account for every held port exactly once. Returns null when consistent, else the problem.
   */
  checkInvariant(): string | null {
    const { first, last, firstWord, lastWord } = this.compiled;
    for (const protocol of ['tcp', 'udp'] as const) {
      const st = this.stateOrUndefined(protocol);
      const c = this.compiledFor(protocol);
      const fromLive = new Set<number>();
      for (const [ports, mappings] of this.live ?? []) {
        if (ports.length !== mappings.length) return `an allocation has ${ports.length} ports for ${mappings.length} mappings`;
        for (let i = 0; i < ports.length; i++) {
          if (mappings[i]!.protocol !== protocol) continue;
          const p = ports[i]!;
          if (fromLive.has(p)) return `${protocol} port ${p} is held by two live allocations`;
          fromLive.add(p);
        }
      }
      if (st === undefined) {
        if (fromLive.size !== 0) return `${protocol}: live allocations hold ports but no ${protocol} state exists`;
        continue;
      }
      let held = 0;
      let heldInRange = 0;
      for (let w = 0; w < WORDS; w++) {
        const word = wordOf(st, w);
        if ((word & c.reserved[w]!) !== 0) return `${protocol}: a reserved port in word ${w} is marked held`;
        held += popcount32(word);
        heldInRange += popcount32(word & inRangeMask(w, first, last));
        const full = (st.full[w >>> 5]! & bitOf(w)) !== 0;
        const expectFull = w < firstWord || w > lastWord || ((word | c.reserved[w]! | ~inRangeMask(w, first, last)) >>> 0) === ALL;
        if (full !== expectFull) return `${protocol}: summary says word ${w} is ${full ? '' : 'not '}full, but it is ${expectFull ? '' : 'not '}`;
        for (let b = 0; b < 32 && word !== 0; b++) {
          const p = (w << 5) + b;
          if ((word & bitOf(p)) !== 0 && !fromLive.has(p)) return `${protocol} port ${p} is held but no live allocation has it`;
        }
      }
      if ((wordOf(st, 0) & bitOf(0)) !== 0) return `${protocol}: port 0 is marked held`;
      if (held !== st.inUse) return `${protocol}: inUse is ${st.inUse} but ${held} ports are held`;
      if (held !== fromLive.size) return `${protocol}: ${held} ports are held but live allocations hold ${fromLive.size}`;
      if (st.freeDynamic !== c.dynamicCapacity - heldInRange) {
        return `${protocol}: freeDynamic is ${st.freeDynamic}, expected ${c.dynamicCapacity - heldInRange}`;
      }
    }
    return null;
  }

  private compiledFor(protocol: Protocol): CompiledProtocol {
    return protocol === 'tcp' ? this.compiled.tcp : this.compiled.udp;
  }

  private stateOrUndefined(protocol: Protocol): ProtocolState | undefined {
    return protocol === 'tcp' ? this.tcp : this.udp;
  }

  /** The protocol's state, created on first use (once per protocol per table). */
  private state(protocol: Protocol): ProtocolState {
    const existing = this.stateOrUndefined(protocol);
    if (existing !== undefined) return existing;
    const c = this.compiledFor(protocol);
    const created: ProtocolState = {
      pages: new Array<Uint32Array | undefined>(PAGES).fill(undefined),
      full: c.fullTemplate.slice(),
      inUse: 0,
      freeDynamic: c.dynamicCapacity,
    };
    if (protocol === 'tcp') this.tcp = created;
    else this.udp = created;
    return created;
  }

  private isReserved(port: number, protocol: Protocol): boolean {
    return (this.compiledFor(protocol).reserved[port >>> 5]! & bitOf(port)) !== 0;
  }

  private isHeld(port: number, protocol: Protocol): boolean {
    const st = this.stateOrUndefined(protocol);
    return st !== undefined && (wordOf(st, port >>> 5) & bitOf(port)) !== 0;
  }

  /** Lowest port of the dynamic range that is neither reserved nor held, or -1. */
  private lowestFreeDynamic(protocol: Protocol): number {
    const { first, last, firstWord, lastWord } = this.compiled;
    const st = this.state(protocol);
    const reserved = this.compiledFor(protocol).reserved;
    for (let s = firstWord >>> 5; s <= lastWord >>> 5; s++) {
      const open = ~st.full[s]! >>> 0;
      if (open === 0) continue;
      const w = (s << 5) + Math.clz32(open);
      const free = ~(wordOf(st, w) | reserved[w]! | ~inRangeMask(w, first, last)) >>> 0;
      if (free === 0) return -1; // the summary lied; checkInvariant will say where
      return (w << 5) + Math.clz32(free);
    }
    return -1;
  }

  private take(protocol: Protocol, port: number): void {
    const st = this.state(protocol);
    const w = port >>> 5;
    const page = (st.pages[w >>> 5] ??= new Uint32Array(PAGE_WORDS));
    page[w & 31] = (page[w & 31]! | bitOf(port)) >>> 0;
    st.inUse++;
    if (port >= this.compiled.first && port <= this.compiled.last) {
      st.freeDynamic--;
      this.updateSummary(st, protocol, w);
    }
  }

  private give(protocol: Protocol, port: number): void {
    const st = this.state(protocol);
    const w = port >>> 5;
    const page = st.pages[w >>> 5]!;
    page[w & 31] = (page[w & 31]! & ~bitOf(port)) >>> 0;
    st.inUse--;
    if (port >= this.compiled.first && port <= this.compiled.last) {
      st.freeDynamic++;
      this.updateSummary(st, protocol, w);
    }
  }

  /** Recomputes word `w`'s "no dynamic port left" bit; `w` lies in the dynamic range. */
  private updateSummary(st: ProtocolState, protocol: Protocol, w: number): void {
    const { first, last } = this.compiled;
    const blocked = (wordOf(st, w) | this.compiledFor(protocol).reserved[w]! | ~inRangeMask(w, first, last)) >>> 0;
    const s = w >>> 5;
    st.full[s] = blocked === ALL ? (st.full[s]! | bitOf(w)) >>> 0 : (st.full[s]! & ~bitOf(w)) >>> 0;
  }
}

/** Held-port word `w` of a protocol state (0 when its page was never created). */
function wordOf(st: ProtocolState, w: number): number {
  const page = st.pages[w >>> 5];
  return page === undefined ? 0 : page[w & 31]!;
}

/**
 * The host port a mapping asks for: 0 for a dynamic bridge port, else the fixed port. Throws
 * `RangeError` for ports outside 1..65535 and for a host-mode `hostPort` that differs from the
 * container port.
 */
function hostPortOf(m: PortMapping, mode: HostPortMode): number {
  if (m.protocol !== 'tcp' && m.protocol !== 'udp') throw new RangeError(`protocol '${String(m.protocol)}' is not tcp or udp`);
  validatePort(m.containerPort, 'containerPort', 1);
  const hp = m.hostPort ?? 0;
  validatePort(hp, 'hostPort', 0);
  if (mode === 'host') {
    if (hp !== 0 && hp !== m.containerPort) {
      throw new RangeError(`host network mode: hostPort ${hp} must be omitted or equal containerPort ${m.containerPort}`);
    }
    return m.containerPort;
  }
  return hp;
}
