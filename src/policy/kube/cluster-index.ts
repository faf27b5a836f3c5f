/**
 * The counts kube-scheduler's plugins need, kept incrementally so a scheduling cycle costs time
 * proportional to the nodes it examines, not to the cluster:
 *
 * - the nodes in kube-scheduler's snapshot order (its node tree: zones interleaved, each zone in
 *   the order its nodes arrived), every host not DEREGISTERED;
 * - pods of each workload (service) per node, and per topology domain for each label key a
 *   plugin asked about (zone, or any key of a spread constraint or anti-affinity term);
 * - nodes holding each image (ImageLocality's spread factor).
 *
 * Feeding: the integrator subscribes `onRecord` to the trace; `task.placed` / `task.stopped`,
 * `image.pulled` and `host.*` records are queued and applied by `sync(view)` at the start of the
 * next cycle (records carry ids, the view resolves them). Without the subscription the counts go
 * stale: `rebuild(view)` recomputes everything from the state (the benchmark's baseline does it
 * every cycle; tests use it to check the incremental counts).
 *
 * Pod labels are their workload's (PodSchedulingSpec.labels, read once per service through the
 * lookup), so "pods matching a selector" is a sum over the services the selector matches.
 *
 * The index holds references to the hosts of the state it was built from; handed a different
 * state (its `hosts` array is another object, e.g. a clone), it rebuilds from that one.
 */
import type { ClusterView } from '../../model/cluster-state.js';
import type { Host } from '../../model/host.js';
import type { LabelSelector, PodAffinityTerm, PodSchedulingSpec } from '../../model/pod-scheduling-spec.js';
import type { FleetEvent } from '../../model/events/index.js';
import { matchesLabelSelector, matchesRequiredNodeAffinity, namespaceOf, termNamespaces, type NamespaceScope } from './selectors.js';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const REGION_LABEL = 'topology.kubernetes.io/region';

/** The scheduling spec of a workload's pods, by service name. */
export type PodSpecLookup = (service: string) => PodSchedulingSpec;

export interface ServiceEntry {
  readonly id: number;
  readonly name: string;
  readonly spec: PodSchedulingSpec;
}

/** An existing workload's required anti-affinity term (checked against incoming pods). */
export interface AntiAffinityEntry {
  readonly serviceId: number;
  readonly term: PodAffinityTerm;
  /** The namespaces the term selects pods in (relative to the workload's own). */
  readonly scope: NamespaceScope;
}

/**
 * An existing workload's preferred pod affinity (weight > 0) or anti-affinity (weight < 0)
 * term: an incoming pod it selects scores the term's weight per pod of the workload in the
 * node's domain (InterPodAffinity's symmetric scoring).
 */
export interface PreferredTermEntry {
  readonly serviceId: number;
  readonly term: PodAffinityTerm;
  readonly scope: NamespaceScope;
  readonly weight: number;
}

/** Domains of one node label key: a dense id per value, live nodes and pods per domain. */
export class KeyIndex {
  /** Domain id of each host (by host index), -1 when the host lacks the label. */
  domainOf: Int32Array;
  readonly values: string[] = [];
  readonly ids = new Map<string, number>();
  /** Live (not DEREGISTERED) nodes per domain. */
  readonly liveNodes: number[] = [];
  /** Live nodes carrying the key at all. */
  nodesWithKey = 0;
  /** Pods per service id, per domain id. */
  readonly pods: Int32Array[] = [];
  private domainCapacity = 8;

  constructor(
    readonly key: string,
    hostCapacity: number,
  ) {
    this.domainOf = new Int32Array(hostCapacity).fill(-1);
  }

  get domainCount(): number {
    return this.values.length;
  }

  /** Domain id of a label value, created on first sight. */
  domainId(value: string): number {
    let id = this.ids.get(value);
    if (id !== undefined) return id;
    id = this.values.length;
    this.values.push(value);
    this.ids.set(value, id);
    this.liveNodes.push(0);
    if (id >= this.domainCapacity) {
      this.domainCapacity *= 2;
      for (let s = 0; s < this.pods.length; s++) this.pods[s] = grow(this.pods[s]!, this.domainCapacity);
    }
    return id;
  }

  addService(): void {
    this.pods.push(new Int32Array(this.domainCapacity));
  }

  growHosts(capacity: number): void {
    const next = new Int32Array(capacity).fill(-1);
    next.set(this.domainOf);
    this.domainOf = next;
  }
}

function grow(a: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(a);
  return next;
}

const enum Delta {
  Placed = 1,
  Stopped = 2,
  ImagePulled = 3,
}

export class ClusterIndex {
  // --- services
  readonly services: ServiceEntry[] = [];
  private readonly serviceIds = new Map<string, number>();
  /** Bumped when a service is added (selector-match caches key on it). */
  servicesVersion = 0;
  /** Required anti-affinity terms of known workloads. */
  readonly antiAffinity: AntiAffinityEntry[] = [];
  /** Preferred (anti-)affinity terms of known workloads. */
  readonly preferredTerms: PreferredTermEntry[] = [];

  // --- hosts
  private hostCapacity = 64;
  /** Hosts of the view registered so far (host index < known). */
  private known = 0;
  private live = new Uint8Array(this.hostCapacity);
  private liveCount = 0;
  private liveWithHostname = 0;
  private readonly zones: string[] = [];
  private readonly zoneNodes = new Map<string, Host[]>();
  private nodeList: Host[] = [];
  private nodeListDirty = false;
  private hostsDirty = false;
  private built = false;

  // --- counts
  /** Pods per service id, per host index. */
  private readonly perNode: Int32Array[] = [];
  /** Nodes holding at least one pod of each service id. */
  private readonly nodesWithPods: number[] = [];
  /** Per service: how many nodes hold exactly c of its pods, for c >= 1 (index c). */
  private readonly podHistogram: number[][] = [];
  private readonly keys = new Map<string, KeyIndex>();
  private readonly keyList: KeyIndex[] = [];
  /** Per image: live nodes holding it, and a flag per host index. */
  private readonly images = new Map<string, { nodes: number; on: Uint8Array }>();
  private readonly selectorCache = new WeakMap<LabelSelector, Map<string, { version: number; ids: number[] }>>();
  private readonly eligibleCache = new WeakMap<PodSchedulingSpec, { version: number; nodes: Host[] }>();
  /** Bumped whenever the node set changes. */
  private nodesVersion = 0;

  // --- queued records (parallel arrays: no object per record)
  private readonly pendingKind: Delta[] = [];
  private readonly pendingHost: string[] = [];
  private readonly pendingArg: string[] = [];

  constructor(private readonly lookup: PodSpecLookup) {}

  /** Trace listener: queues the changes the counts depend on (applied by the next `sync`). */
  readonly onRecord = (e: FleetEvent): void => {
    switch (e.type) {
      case 'task.placed':
        if (e.host !== null) this.queue(Delta.Placed, e.host, e.service);
        return;
      case 'task.stopped':
        if (e.host !== null) this.queue(Delta.Stopped, e.host, e.service);
        return;
      case 'image.pulled':
        this.queue(Delta.ImagePulled, e.host, e.image);
        return;
      case 'host.launched':
      case 'host.launch-failed':
      case 'host.registered':
      case 'host.draining':
      case 'host.failed':
      case 'host.terminated':
        // Any host lifecycle event may change the node set; the next sync reconciles it from the view.
        this.hostsDirty = true;
    }
  };

  private queue(kind: Delta, host: string, arg: string): void {
    if (!this.built) return; // the first sync builds from the state itself
    this.pendingKind.push(kind);
    this.pendingHost.push(host);
    this.pendingArg.push(arg);
  }

  /** Brings the counts up to date with the view: applies queued records, reconciles the node set. */
  sync(view: ClusterView): void {
    if (!this.built || view.hosts !== this.hostsRef) {
      // First use, or another state (a clone, say): the counts and host references of the old
      // one do not apply.
      this.rebuild(view);
      return;
    }
    if (this.hostsDirty || view.hosts.length !== this.known) this.reconcileHosts(view);
    const n = this.pendingKind.length;
    for (let i = 0; i < n; i++) {
      const host = view.hostsById.get(this.pendingHost[i]!);
      if (host === undefined) continue;
      const kind = this.pendingKind[i]!;
      // A pull on a host that has left since is moot (its images left with it).
      if (kind === Delta.ImagePulled) {
        if (this.live[host.index] === 1) this.addImage(this.pendingArg[i]!, host.index, 1);
      } else this.addPods(this.serviceId(this.pendingArg[i]!), host.index, kind === Delta.Placed ? 1 : -1);
    }
    this.pendingKind.length = 0;
    this.pendingHost.length = 0;
    this.pendingArg.length = 0;
  }

  /** Recomputes every count from the state (O(hosts + pods)); keeps service ids and tracked keys. */
  rebuild(view: ClusterView): void {
    this.built = true;
    this.pendingKind.length = 0;
    this.pendingHost.length = 0;
    this.pendingArg.length = 0;
    this.known = 0;
    this.liveCount = 0;
    this.liveWithHostname = 0;
    this.live.fill(0);
    this.zones.length = 0;
    this.zoneNodes.clear();
    this.nodeListDirty = true;
    this.images.clear();
    for (const a of this.perNode) a.fill(0);
    this.nodesWithPods.fill(0);
    for (const h of this.podHistogram) h.length = 0;
    const keyNames = [...this.keys.keys()];
    this.keys.clear();
    this.keyList.length = 0;
    this.reconcileHosts(view);
    for (const host of view.hosts) {
      for (const task of host.tasks) this.addPods(this.serviceId(task.service.name), host.index, 1);
    }
    for (const key of keyNames) this.keyIndex(key);
  }

  // ------------------------------------------------------------------------------------------
  // Queries (valid after sync)

  /** Nodes in kube-scheduler's snapshot order: zones interleaved, arrival order within a zone. */
  get nodes(): readonly Host[] {
    if (this.nodeListDirty) this.rebuildNodeList();
    return this.nodeList;
  }

  get nodeCount(): number {
    return this.liveCount;
  }

  /** Live nodes carrying the label key (tracks the key if it is not tracked yet). */
  nodesWithLabel(key: string): number {
    return key === HOSTNAME_LABEL ? this.liveWithHostname : this.keyIndex(key).nodesWithKey;
  }

  /** Dense id of a service, assigned on first sight (its spec is read once, then). */
  serviceId(name: string): number {
    const id = this.serviceIds.get(name);
    if (id !== undefined) return id;
    const entry: ServiceEntry = { id: this.services.length, name, spec: this.lookup(name) };
    this.services.push(entry);
    this.serviceIds.set(name, entry.id);
    this.perNode.push(new Int32Array(this.hostCapacity));
    this.nodesWithPods.push(0);
    this.podHistogram.push([]);
    for (const k of this.keyList) k.addService();
    const ns = namespaceOf(entry.spec);
    const affinity = entry.spec.affinity;
    for (const term of affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      this.antiAffinity.push({ serviceId: entry.id, term, scope: termNamespaces(term, ns) });
    }
    for (const w of affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      this.preferredTerms.push({ serviceId: entry.id, term: w.podAffinityTerm, scope: termNamespaces(w.podAffinityTerm, ns), weight: w.weight });
    }
    for (const w of affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      this.preferredTerms.push({ serviceId: entry.id, term: w.podAffinityTerm, scope: termNamespaces(w.podAffinityTerm, ns), weight: -w.weight });
    }
    this.servicesVersion++;
    return entry.id;
  }

  /** Pods of a service on a node. */
  podsOnNode(serviceId: number, hostIndex: number): number {
    return this.perNode[serviceId]![hostIndex]!;
  }

  /** Pods of any of the services on a node. */
  podsOnNodeOf(serviceIds: readonly number[], hostIndex: number): number {
    let total = 0;
    for (let j = 0; j < serviceIds.length; j++) total += this.perNode[serviceIds[j]!]![hostIndex]!;
    return total;
  }

  /**
   * The fewest pods of the services on any live node carrying the hostname label (the global
   * minimum of a hostname spread constraint). O(1) while some node has none of them — the usual
   * case — else one pass over the nodes.
   */
  minPodsPerNode(serviceIds: readonly number[]): number {
    let withPods = 0;
    for (let j = 0; j < serviceIds.length; j++) withPods += this.nodesWithPods[serviceIds[j]!]!;
    if (withPods < this.liveWithHostname) return 0;
    if (serviceIds.length === 1 && this.liveWithHostname === this.liveCount) {
      // Every node holds some: the smallest count in the service's histogram.
      const h = this.podHistogram[serviceIds[0]!]!;
      for (let c = 1; c < h.length; c++) if (h[c]! > 0) return c;
    }
    let min = Number.POSITIVE_INFINITY;
    for (const node of this.nodes) {
      if (!node.labels.has(HOSTNAME_LABEL)) continue;
      const c = this.podsOnNodeOf(serviceIds, node.index);
      if (c < min) min = c;
    }
    return min;
  }

  /**
   * The live nodes matching a pod's nodeSelector and required node affinity, in snapshot order
   * (cached per spec object until the node set changes): what spreading counts over.
   */
  eligibleNodes(spec: PodSchedulingSpec): readonly Host[] {
    const all = this.nodes; // first: brings nodesVersion up to date
    const cached = this.eligibleCache.get(spec);
    if (cached !== undefined && cached.version === this.nodesVersion) return cached.nodes;
    const nodes = all.filter((n) => matchesRequiredNodeAffinity(spec, n.labels));
    this.eligibleCache.set(spec, { version: this.nodesVersion, nodes });
    return nodes;
  }

  /** Nodes with at least one pod of the service. */
  nodesWithPodsOf(serviceId: number): number {
    return this.nodesWithPods[serviceId]!;
  }

  /** Live nodes holding an image. */
  nodesWithImage(image: string): number {
    return this.images.get(image)?.nodes ?? 0;
  }

  /** 1 per host index (as of the last sync) when the live host holds the image; undefined if none does. */
  imagePresence(image: string): Uint8Array | undefined {
    return this.images.get(image)?.on;
  }

  /** Pods of a service per host index (valid until the next sync). */
  podCounts(serviceId: number): Int32Array {
    return this.perNode[serviceId]!;
  }

  /**
   * Ids of the known services in the scope's namespaces whose pod labels match the selector
   * (cached per selector object and scope).
   */
  servicesMatching(selector: LabelSelector | undefined, scope: NamespaceScope): readonly number[] {
    if (selector === undefined) return EMPTY;
    let byScope = this.selectorCache.get(selector);
    if (byScope === undefined) this.selectorCache.set(selector, (byScope = new Map()));
    const cached = byScope.get(scope.key);
    if (cached !== undefined && cached.version === this.servicesVersion) return cached.ids;
    const ids: number[] = [];
    for (const s of this.services) if (scope.matches(namespaceOf(s.spec)) && matchesLabelSelector(selector, s.spec.labels)) ids.push(s.id);
    byScope.set(scope.key, { version: this.servicesVersion, ids });
    return ids;
  }

  /**
   * The domain index of a node label key, built on first use (O(hosts x services)) and kept
   * incrementally from then on. Not for kubernetes.io/hostname: a node is its own domain, use
   * `podsOnNode`.
   */
  keyIndex(key: string): KeyIndex {
    let k = this.keys.get(key);
    if (k !== undefined) return k;
    k = new KeyIndex(key, this.hostCapacity);
    for (let s = 0; s < this.services.length; s++) k.addService();
    this.keys.set(key, k);
    this.keyList.push(k);
    for (let i = 0; i < this.known; i++) {
      const value = this.hostLabel(i, key);
      if (value === undefined) continue;
      const d = k.domainId(value);
      k.domainOf[i] = d;
      if (this.live[i] === 1) {
        k.liveNodes[d]!++;
        k.nodesWithKey++;
      }
      for (let s = 0; s < this.services.length; s++) {
        const c = this.perNode[s]![i]!;
        if (c !== 0) k.pods[s]![d]! += c;
      }
    }
    return k;
  }

  /**
   * Pods of the given services in the node's domain of `key` (the node itself for hostname);
   * 0 when the node lacks the label.
   */
  podsInDomainOf(serviceIds: readonly number[], key: string, node: Host): number {
    if (serviceIds.length === 0) return 0;
    let total = 0;
    if (key === HOSTNAME_LABEL) return node.labels.has(key) ? this.podsOnNodeOf(serviceIds, node.index) : 0;
    const k = this.keyIndex(key);
    const d = k.domainOf[node.index]!;
    if (d < 0) return 0;
    for (let j = 0; j < serviceIds.length; j++) total += k.pods[serviceIds[j]!]![d]!;
    return total;
  }

  /** Whether a host is in the snapshot (not DEREGISTERED), as of the last sync. */
  isLive(host: Host): boolean {
    return host.index < this.known && this.live[host.index] === 1;
  }

  // ------------------------------------------------------------------------------------------
  // Maintenance

  private hostsRef: readonly Host[] = [];

  private hostLabel(index: number, key: string): string | undefined {
    return this.hostsRef[index]?.labels.get(key);
  }

  private reconcileHosts(view: ClusterView): void {
    this.hostsDirty = false;
    const hosts = view.hosts;
    this.hostsRef = hosts;
    if (hosts.length > this.hostCapacity) this.growHosts(Math.max(hosts.length, this.hostCapacity * 2));
    for (let i = this.known; i < hosts.length; i++) {
      const host = hosts[i]!;
      for (const k of this.keyList) {
        const value = host.labels.get(k.key);
        k.domainOf[i] = value === undefined ? -1 : k.domainId(value);
      }
    }
    this.known = hosts.length;
    for (let i = 0; i < hosts.length; i++) {
      const host = hosts[i]!;
      const isLive = host.status !== 'DEREGISTERED';
      if (isLive === (this.live[i] === 1)) continue;
      if (isLive) this.addNode(host);
      else this.removeNode(host);
    }
  }

  private growHosts(capacity: number): void {
    this.hostCapacity = capacity;
    const live = new Uint8Array(capacity);
    live.set(this.live);
    this.live = live;
    for (let s = 0; s < this.perNode.length; s++) this.perNode[s] = grow(this.perNode[s]!, capacity);
    for (const k of this.keyList) k.growHosts(capacity);
    for (const entry of this.images.values()) {
      const on = new Uint8Array(capacity);
      on.set(entry.on);
      entry.on = on;
    }
  }

  private addNode(host: Host): void {
    this.live[host.index] = 1;
    this.liveCount++;
    if (host.labels.has(HOSTNAME_LABEL)) this.liveWithHostname++;
    for (const k of this.keyList) {
      const d = k.domainOf[host.index]!;
      if (d < 0) continue;
      k.liveNodes[d]!++;
      k.nodesWithKey++;
    }
    for (const image of host.images) this.addImage(image, host.index, 1);
    const zone = zoneKey(host);
    let list = this.zoneNodes.get(zone);
    if (list === undefined) {
      list = [];
      this.zoneNodes.set(zone, list);
      this.zones.push(zone);
    }
    list.push(host);
    this.nodeListDirty = true;
  }

  private removeNode(host: Host): void {
    this.live[host.index] = 0;
    this.liveCount--;
    if (host.labels.has(HOSTNAME_LABEL)) this.liveWithHostname--;
    for (const k of this.keyList) {
      const d = k.domainOf[host.index]!;
      if (d < 0) continue;
      k.liveNodes[d]!--;
      k.nodesWithKey--;
    }
    for (const image of host.images) this.addImage(image, host.index, -1);
    const zone = zoneKey(host);
    const list = this.zoneNodes.get(zone);
    if (list !== undefined) {
      const at = list.indexOf(host);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) {
        // An emptied zone leaves the tree; it rejoins at the end, as in kube-scheduler's nodeTree.
        this.zoneNodes.delete(zone);
        this.zones.splice(this.zones.indexOf(zone), 1);
      }
    }
    this.nodeListDirty = true;
  }

  private rebuildNodeList(): void {
    this.nodeListDirty = false;
    this.nodesVersion++;
    const out: Host[] = [];
    const lists = this.zones.map((z) => this.zoneNodes.get(z)!);
    for (let i = 0; out.length < this.liveCount; i++) {
      let any = false;
      for (const list of lists) {
        if (i < list.length) {
          out.push(list[i]!);
          any = true;
        }
      }
      if (!any) break;
    }
    this.nodeList = out;
  }

  private addImage(image: string, hostIndex: number, delta: number): void {
    let entry = this.images.get(image);
    if (entry === undefined) {
      entry = { nodes: 0, on: new Uint8Array(this.hostCapacity) };
      this.images.set(image, entry);
    }
    // Idempotent per (image, host): a repeated pull record does not count the host twice.
    const flag = delta > 0 ? 1 : 0;
    if (entry.on[hostIndex] === flag) return;
    entry.on[hostIndex] = flag;
    entry.nodes += delta;
  }

  private addPods(serviceId: number, hostIndex: number, delta: number): void {
    const counts = this.perNode[serviceId]!;
    const before = counts[hostIndex]!;
    const after = before + delta;
    counts[hostIndex] = after;
    if (before === 0 && after > 0) this.nodesWithPods[serviceId]!++;
    else if (before > 0 && after === 0) this.nodesWithPods[serviceId]!--;
    const h = this.podHistogram[serviceId]!;
    if (before > 0) h[before]!--;
    if (after > 0) {
      while (h.length <= after) h.push(0);
      h[after]!++;
    }
    for (let j = 0; j < this.keyList.length; j++) {
      const k = this.keyList[j]!;
      const d = k.domainOf[hostIndex]!;
      if (d >= 0) k.pods[serviceId]![d]! += delta;
    }
  }
}

const EMPTY: readonly number[] = Object.freeze([]);

/** utilnode.GetZoneKey: region and zone labels joined; nodes without either share "". */
function zoneKey(host: Host): string {
  const region = host.labels.get(REGION_LABEL) ?? '';
  const zone = host.labels.get(ZONE_LABEL) ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}
