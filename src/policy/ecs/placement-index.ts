import { freeCpu, freeMemoryMiB, type Host } from '../../model/host.js';
import { evaluateClusterQuery, type ClusterQuery } from './cluster-query.js';
import type { HostQueryTarget } from './host-query-target.js';
import { HostTree, NO_COUNT } from './host-tree.js';
import { attributeValue, compareCells } from './placement-rules.js';
import { MAX_PACKED_INDEX, MAX_PACKED_VALUE, SortedKeyList, packKey } from './sorted-key-list.js';
import type { HostKeyRule } from './strategy-registry.js';

/**
 * The indexes of the ECS placement engine (placement-engine.ts), as plain data structures it
 * keeps current from trace records: per task group counts, and partitions of hosts into cells
 * with a segment tree and sorted binpack lists each. No search logic lives here.
 */

/** One task group's counts: per host, and per value of the attributes its strategies spread on. */
export class GroupState {
  /**
   * Per host index, in pages of 1,024 made on first use: a group's tasks sit on a small share
   * of a large cluster, and a dense array per group would cost hosts x groups x 4 bytes.
   */
  private readonly pages: (Int32Array | undefined)[] = [];
  /** Attributes whose values are counted, and their value -> count maps (same order). */
  readonly valueAttributes: string[] = [];
  readonly valueCounts: Map<string, number>[] = [];
  /** Partitions that keep count trees for this group. */
  readonly partitions: Partition[] = [];

  constructor(readonly taskGroup: string) {}

  count(index: number): number {
    const page = this.pages[index >>> PAGE_SHIFT];
    return page === undefined ? 0 : page[index & PAGE_MASK]!;
  }

  add(index: number, delta: number): void {
    const p = index >>> PAGE_SHIFT;
    while (this.pages.length <= p) this.pages.push(undefined);
    const page = (this.pages[p] ??= new Int32Array(1 << PAGE_SHIFT));
    page[index & PAGE_MASK] = page[index & PAGE_MASK]! + delta;
  }

  /** Calls `visit(hostIndex, count)` for every host where the group has a non-zero count. */
  forEachHost(visit: (index: number, count: number) => void): void {
    for (let p = 0; p < this.pages.length; p++) {
      const page = this.pages[p];
      if (page === undefined) continue;
      for (let i = 0; i < page.length; i++) if (page[i] !== 0) visit((p << PAGE_SHIFT) + i, page[i]!);
    }
  }
}

const PAGE_SHIFT = 10;
const PAGE_MASK = (1 << PAGE_SHIFT) - 1;

/** Hosts with the same values of a partition's attributes. */
export class Cell {
  /** By position: hosts in index order. */
  readonly hosts: Host[] = [];
  readonly tree = new HostTree();
  /** Per binpack key of the partition (same order): candidates sorted by (key, index). */
  readonly sorted: SortedKeyList[] = [];
  /** Per binpack key: the packed key each candidate was filed under, by position... */
  readonly filed: Float64Array[] = [];
  /** ...and its companion value. */
  readonly filedAux: Float64Array[] = [];

  constructor(readonly values: readonly string[]) {}
}

/**
 * The hosts a set of specs sees alike: those satisfying its static memberOf queries, in cells by
 * its spread attributes. Hosts join at launch (position = order of index); they are candidates
 * while ACTIVE and admitted.
 */
export class Partition {
  /** In cell order (compareCells). */
  readonly cells: Cell[] = [];
  private readonly cellByKey = new Map<string, Cell>();
  private readonly cellOf: (Cell | undefined)[] = [];
  private readonly posOf: number[] = [];
  /** Per host index: 1 admitted by the static queries, -1 not, 0 not evaluated yet (not ACTIVE so far). */
  private readonly admitted: number[] = [];
  /** Binpack keys kept sorted in every cell; a rule's slot is its index here. */
  readonly keyRules: HostKeyRule[] = [];
  private readonly groups: GroupState[] = [];

  constructor(
    readonly attributes: readonly string[],
    private readonly queries: readonly ClusterQuery[],
    private readonly target: HostQueryTarget,
  ) {}

  addHost(host: Host): void {
    if (host.index >= MAX_PACKED_INDEX) throw new RangeError(`the ECS placement engine indexes at most ${MAX_PACKED_INDEX} hosts`);
    if (this.cellOf[host.index] !== undefined) return;
    const values = this.attributes.map((a) => attributeValue(host, a));
    const key = values.join('\u0001');
    let cell = this.cellByKey.get(key);
    if (cell === undefined) {
      cell = new Cell(values);
      for (let k = 0; k < this.keyRules.length; k++) {
        cell.sorted.push(new SortedKeyList());
        cell.filed.push(new Float64Array(16));
        cell.filedAux.push(new Float64Array(16));
      }
      for (const group of this.groups) cell.tree.addCounts(group.taskGroup);
      this.cellByKey.set(key, cell);
      let at = this.cells.length;
      while (at > 0 && compareCells(this.cells[at - 1]!.values, values) > 0) at--;
      this.cells.splice(at, 0, cell);
    }
    const pos = cell.hosts.length;
    cell.hosts.push(host);
    cell.tree.ensure(pos + 1);
    for (let k = 0; k < cell.filed.length; k++) {
      const filed = cell.filed[k]!;
      if (pos >= filed.length) {
        const grown = new Float64Array(filed.length * 2);
        grown.set(filed);
        cell.filed[k] = grown;
        const grownAux = new Float64Array(filed.length * 2);
        grownAux.set(cell.filedAux[k]!);
        cell.filedAux[k] = grownAux;
      }
    }
    while (this.cellOf.length <= host.index) {
      this.cellOf.push(undefined);
      this.posOf.push(-1);
      this.admitted.push(0);
    }
    this.cellOf[host.index] = cell;
    this.posOf[host.index] = pos;
    this.sync(host);
  }

  /** Re-reads the host: candidacy, remaining resources, binpack keys, group counts. */
  sync(host: Host): void {
    const cell = this.cellOf[host.index];
    if (cell === undefined) return;
    const pos = this.posOf[host.index]!;
    const tree = cell.tree;
    const was = tree.isActive(pos);
    const now = host.status === 'ACTIVE' && this.admits(host);
    const rules = this.keyRules;
    for (let k = 0; k < rules.length; k++) {
      const list = cell.sorted[k]!;
      const filed = cell.filed[k]!;
      const rule = rules[k]!;
      const value = now ? rule.keyOf(host) : 0;
      if (value >= MAX_PACKED_VALUE) throw new RangeError(`${rule.label} key ${value} of ${host.id} is too large to index`);
      const key = now ? packKey(value, host.index) : -1;
      const aux = now ? rule.auxOf(host) : 0;
      if (was && key === filed[pos] && aux === cell.filedAux[k]![pos]) continue;
      if (was) list.delete(filed[pos]!);
      if (now) {
        list.insert(key, aux);
        filed[pos] = key;
        cell.filedAux[k]![pos] = aux;
      }
    }
    tree.setLeaf(pos, now, freeCpu(host), freeMemoryMiB(host));
    if (was !== now) {
      for (let g = 0; g < this.groups.length; g++) {
        const group = this.groups[g]!;
        tree.setCount(tree.counts.get(group.taskGroup)!, pos, now ? group.count(host.index) : NO_COUNT);
      }
    }
  }

  /** The group's task count on the host changed. */
  syncCount(group: GroupState, host: Host): void {
    const cell = this.cellOf[host.index];
    if (cell === undefined) return;
    const pos = this.posOf[host.index]!;
    if (cell.tree.isActive(pos)) cell.tree.setCount(cell.tree.counts.get(group.taskGroup)!, pos, group.count(host.index));
  }

  /** Keeps the rule's key sorted in every cell; returns its slot. */
  addKeyRule(rule: HostKeyRule): number {
    const known = this.keyRules.findIndex((r) => r.keyName === rule.keyName);
    if (known >= 0) return known;
    this.keyRules.push(rule);
    for (const cell of this.cells) {
      const list = new SortedKeyList();
      const filed = new Float64Array(Math.max(16, cell.hosts.length));
      const filedAux = new Float64Array(filed.length);
      cell.hosts.forEach((host, pos) => {
        if (!cell.tree.isActive(pos)) return;
        filed[pos] = packKey(rule.keyOf(host), host.index);
        filedAux[pos] = rule.auxOf(host);
        list.insert(filed[pos]!, filedAux[pos]);
      });
      cell.sorted.push(list);
      cell.filed.push(filed);
      cell.filedAux.push(filedAux);
    }
    return this.keyRules.length - 1;
  }

  addGroup(group: GroupState): void {
    if (this.groups.includes(group)) return;
    this.groups.push(group);
    group.partitions.push(this);
    for (const cell of this.cells) cell.tree.addCounts(group.taskGroup);
    // The group may already have tasks (it was counted before this partition needed it).
    group.forEachHost((index, n) => {
      const cell = this.cellOf[index];
      if (cell === undefined) return;
      const pos = this.posOf[index]!;
      if (cell.tree.isActive(pos)) cell.tree.setCount(cell.tree.counts.get(group.taskGroup)!, pos, n);
    });
  }

  private admits(host: Host): boolean {
    let state = this.admitted[host.index] ?? 0;
    if (state === 0) {
      // Static queries read only what is fixed once the host is ACTIVE: evaluate once.
      state = this.queries.every((q) => evaluateClusterQuery(q, this.target.of(host))) ? 1 : -1;
      this.admitted[host.index] = state;
    }
    return state === 1;
  }

  verify(problems: string[]): void {
    for (const cell of this.cells) {
      cell.hosts.forEach((host, pos) => {
        const want = host.status === 'ACTIVE' && this.queries.every((q) => evaluateClusterQuery(q, this.target.of(host)));
        if (cell.tree.isActive(pos) !== want) problems.push(`${host.id}: candidate ${cell.tree.isActive(pos)}, expected ${want}`);
        if (want && (cell.tree.leafCpu(pos) !== freeCpu(host) || cell.tree.leafMem(pos) !== freeMemoryMiB(host))) problems.push(`${host.id}: tree holds stale free resources`);
        for (const group of this.groups) {
          const c = cell.tree.counts.get(group.taskGroup)!.leaf(pos);
          if (c !== (want ? group.count(host.index) : NO_COUNT)) problems.push(`${host.id}: count tree of ${group.taskGroup} holds ${c}`);
        }
      });
      for (let k = 0; k < this.keyRules.length; k++) {
        const rule = this.keyRules[k]!;
        const expected = cell.hosts
          .filter((h, pos) => cell.tree.isActive(pos) && h !== undefined)
          .map((h) => packKey(rule.keyOf(h), h.index))
          .sort((a, b) => a - b);
        const expectedAux = cell.hosts
          .map((h, pos) => [h, pos] as const)
          .filter(([, pos]) => cell.tree.isActive(pos))
          .sort(([a], [b]) => packKey(rule.keyOf(a), a.index) - packKey(rule.keyOf(b), b.index))
          .map(([h]) => rule.auxOf(h));
        if (JSON.stringify(expectedAux) !== JSON.stringify(cell.sorted[k]!.auxArray())) problems.push(`cell ${cell.values.join('/')}: ${rule.keyName} companions out of date`);
        const actual = cell.sorted[k]!.toArray();
        if (JSON.stringify(expected) !== JSON.stringify(actual)) problems.push(`cell ${cell.values.join('/')}: ${rule.keyName} list out of date`);
      }
    }
  }
}
