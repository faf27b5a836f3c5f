import type { RandomStream } from '../../engine/rng.js';
import { countedIdNumber } from '../../model/counted-id.js';
import type { ClusterView } from '../../model/cluster-state.js';
import type { EcsPlacementSpec } from '../../model/ecs-placement-spec.js';
import type { Host } from '../../model/host.js';
import type { FleetEvent } from '../../model/events/index.js';
import type { PlacementPolicy, PlacementRequest, PlacementResult } from '../placement-policy.js';
import { requestFits } from '../resource-fit.js';
import { subjectOf, withSubject } from '../plugin-error.js';
import { evaluateClusterQuery } from './cluster-query.js';
import { naiveEcsPlace } from './naive-placement.js';
import { HostQueryTarget, serviceTaskGroup } from './host-query-target.js';
import type { LeafTest } from './host-tree.js';
import { GroupState, Partition, type Cell } from './placement-index.js';
import {
  RANDOM_DRAWS,
  attributeValue,
  countsForGroup,
  drawIndex,
  explainUnplaceable,
  requirePlacement,
  type CompiledPlacement,
} from './placement-rules.js';
import { packKey, packedIndex, packedValue } from './sorted-key-list.js';
import { STRATEGY_FACTORIES, type GroupCountRule, type HostKeyRule, type StrategyFactory, type StrategyRule } from './strategy-registry.js';

/**
 * ECS task placement (strategies and constraints, see placement-rules.ts) answered from indexes
 * kept up to date from the trace, so a placement costs about O(log hosts) instead of a scan.
 * Chooses exactly what `naiveEcsPlace` chooses for the same state and random stream.
 *
 * Wiring: construct it over the cluster's view, subscribe `onRecord` to the trace, and pass it
 * to the service scheduler as its policy. It reads `host.launched`, `host.*` status records
 * (`host.registered` and any later deregistration or draining record: each re-reads the host's
 * status), `task.placed`, `task.status-changed` (to STOPPING) and `task.stopped`. State that
 * exists when it is constructed is read from the view. It never changes state.
 *
 * Indexes (placement-index.ts):
 * - Per service (task group): tasks per host, and per value of each spread attribute.
 * - Partitions, shared by services whose specs split hosts alike: hosts that satisfy the
 *   spec's static memberOf queries (evaluated once per host, when it becomes ACTIVE), grouped
 *   into cells by their values of the spread attributes (e.g. one cell per AZ). Each cell has a
 *   segment tree over its hosts in index order (max free CPU and memory, candidate counts, and
 *   per-group min task counts) and, per binpack resource, hosts sorted by (remaining, index).
 *
 * A placement orders the cells by their spread counts, and in each cell that can still win asks
 * the index of the next strategy: binpack scans its sorted list from the request's size, spread
 * on instanceId runs a branch and bound on the count tree, and no strategy takes the first
 * fitting host in the tree. Each visited host gets the full test (resources, ENIs, ports,
 * constraints). Random draws a candidate by rank through the tree. Failures (no host fits) cost
 * a scan, to name the closest match as ECS does.
 */
export class EcsPlacementEngine implements PlacementPolicy {
  readonly name = 'ecs-placement';

  private readonly plans = new Map<string, ServicePlan>();
  private readonly partitions = new Map<string, Partition>();
  private readonly partitionList: Partition[] = [];
  private readonly groups = new Map<string, GroupState>();
  /** Tasks that count for their group (desired status RUNNING) -> their host index. */
  private readonly counted = new Map<string, number>();
  /**
   * Per host index: task group -> tasks placed and not stopped, for `task:group` queries. Kept
   * only once some spec has a dynamic memberOf query (built from the view then).
   */
  private readonly hostGroups: (Map<string, number> | undefined)[] = [];
  private trackingTaskGroups = false;
  private readonly target: HostQueryTarget;

  // The placement under way (set by `place`, read by the leaf tests).
  private request: PlacementRequest = NO_REQUEST;
  private plan: ServicePlan | undefined;
  private cell: Cell | undefined;
  private level = 0;
  // Scratch space reused by every placement.
  private readonly cellOrder: Cell[] = [];
  private readonly tiedCells: Cell[] = [];
  private readonly hostScratch: Host[] = [];
  private readonly posScratch: number[] = [];

  constructor(
    private readonly view: ClusterView,
    private readonly specFor: (service: string) => EcsPlacementSpec,
    private readonly rng: RandomStream,
    /** The strategy types specs may name (default: the built-ins). */
    private readonly strategies: ReadonlyMap<string, StrategyFactory> = STRATEGY_FACTORIES,
  ) {
    this.target = new HostQueryTarget((host) => this.hostGroups[host.index]?.keys() ?? NO_GROUPS);
    for (const host of view.hosts) {
      for (const task of host.tasks) {
        const group = this.groupFor(task.service.name);
        if (countsForGroup(task)) {
          this.counted.set(task.id, host.index);
          this.changeCount(group, host, 1);
        }
      }
    }
  }

  /** Keeps the indexes current; subscribe it to the trace. */
  readonly onRecord = (event: FleetEvent): void => {
    try {
      this.applyRecord(event);
    } catch (error) {
      // A loaded strategy's keys are read here too: name the task whose change was being indexed.
      throw withSubject(error, () => ('task' in event && typeof event.task === 'string' ? `the change to task ${event.task}` : `a ${event.type} event`));
    }
  };

  private applyRecord(event: FleetEvent): void {
    switch (event.type) {
      case 'host.launched': {
        const host = this.hostOf(event.host);
        if (host !== undefined) for (const p of this.partitionList) p.addHost(host);
        return;
      }
      case 'task.placed': {
        const host = this.hostOf(event.host);
        if (host === undefined) return;
        const group = this.groupFor(event.service);
        if (this.trackingTaskGroups) this.addHostGroup(host.index, group.taskGroup, 1);
        this.counted.set(event.task, host.index);
        this.changeCount(group, host, 1);
        for (const p of this.partitionList) p.sync(host);
        return;
      }
      case 'task.status-changed':
        if (event.to === 'STOPPING') this.uncount(event.task, event.service);
        return;
      case 'task.stopped': {
        this.uncount(event.task, event.service);
        const host = this.hostOf(event.host);
        if (host === undefined) return;
        if (this.trackingTaskGroups) this.addHostGroup(host.index, this.groupFor(event.service).taskGroup, -1);
        for (const p of this.partitionList) p.sync(host);
        return;
      }
      case 'host.registered':
      case 'host.draining':
      case 'host.failed':
      case 'host.terminated':
      // A disconnected container agent (agentConnected false) takes no placements until it reconnects.
      case 'node.partitioned':
      case 'node.reconnected': {
        const host = this.hostOf(event.host);
        if (host !== undefined) for (const p of this.partitionList) p.sync(host);
        return;
      }
    }
  }

  /**
   * Chooses a host for one task. `view` must be the view the engine was built over (its
   * indexes describe that one); for any other view (a clone for a what-if) it answers with the
   * naive reference, which is correct but scans.
   */
  place(request: PlacementRequest, view: ClusterView): PlacementResult {
    try {
      return this.decide(request, view);
    } catch (error) {
      // A loaded strategy's error names the task it was ranking hosts for.
      throw withSubject(error, () => subjectOf(request));
    }
  }

  private decide(request: PlacementRequest, view: ClusterView): PlacementResult {
    if (view !== this.view) return naiveEcsPlace(request, view, this.specFor(request.service), this.rng, this.strategies);
    const plan = this.planFor(request.service);
    this.request = request;
    this.plan = plan;
    let host: Host | undefined;
    if (!plan.endsWithRandom) host = this.best(plan);
    else if (plan.placement.randomOverCells) host = this.randomOverCells(plan);
    else host = this.randomAmongTies(plan);
    this.request = NO_REQUEST;
    this.plan = undefined;
    this.cell = undefined;
    if (host === undefined) return { ok: false, failure: explainUnplaceable(request, view, plan.placement) };
    return { ok: true, host };
  }

  /**
   * Checks every index against the view and returns the problems found (none when consistent).
   * For tests: it scans everything.
   */
  verifyIndexes(): string[] {
    const problems: string[] = [];
    for (const [name, group] of this.groups) {
      for (const host of this.view.hosts) {
        let n = 0;
        for (const task of host.tasks) if (task.service.name === name && countsForGroup(task)) n++;
        if (group.count(host.index) !== n) problems.push(`${name} on ${host.id}: indexed ${group.count(host.index)} tasks, state has ${n}`);
      }
    }
    for (const p of this.partitionList) p.verify(problems);
    return problems;
  }

  // -------------------------------------------------------------------------------------------
  // Plans and indexes

  private planFor(service: string): ServicePlan {
    const spec = this.specFor(service);
    const known = this.plans.get(service);
    if (known !== undefined && known.spec === spec) return known;
    const placement = requirePlacement(spec, this.strategies);
    if (placement.dynamicQueries.length > 0 && !this.trackingTaskGroups) {
      this.trackingTaskGroups = true;
      for (const host of this.view.hosts) for (const task of host.tasks) this.addHostGroup(host.index, this.groupFor(task.service.name).taskGroup, 1);
    }
    let partition = this.partitions.get(placement.partitionKey);
    if (partition === undefined) {
      partition = new Partition(placement.partitionAttributes, placement.staticQueries, this.target);
      for (const host of this.view.hosts) partition.addHost(host);
      this.partitions.set(placement.partitionKey, partition);
      this.partitionList.push(partition);
    }
    const group = this.groupFor(service);
    const partitionCounts: Map<string, number>[] = [];
    const partitionSlots: number[] = [];
    const steps: (HostKeyRule | GroupCountRule)[] = [];
    const stepSlots: number[] = [];
    let leading = 0;
    let stillLeading = true;
    for (const rule of placement.chain) {
      if (rule.kind === 'partition') {
        partitionCounts.push(this.trackValues(group, rule.attribute));
        partitionSlots.push(placement.partitionAttributes.indexOf(rule.attribute));
        if (stillLeading) leading++;
        continue;
      }
      stillLeading = false;
      if (rule.kind === 'host-key') {
        stepSlots.push(partition.addKeyRule(rule));
        steps.push(rule);
      } else if (rule.kind === 'group-count') {
        stepSlots.push(-1);
        steps.push(rule);
      }
    }
    if (placement.distinctInstance || steps.some((s) => s.kind === 'group-count')) partition.addGroup(group);
    const plan: ServicePlan = {
      spec,
      placement,
      partition,
      group,
      chain: placement.chain,
      steps,
      stepSlots,
      leading,
      partitionCounts,
      partitionSlots,
      endsWithRandom: placement.chain[placement.chain.length - 1]?.kind === 'random',
      usesCounts: placement.distinctInstance || steps.some((s) => s.kind === 'group-count'),
    };
    this.plans.set(service, plan);
    return plan;
  }

  private groupFor(service: string): GroupState {
    let group = this.groups.get(service);
    if (group === undefined) {
      group = new GroupState(serviceTaskGroup(service));
      this.groups.set(service, group);
    }
    return group;
  }

  /** The group's task counts per value of `attribute`, built from its per-host counts on first use. */
  private trackValues(group: GroupState, attribute: string): Map<string, number> {
    const at = group.valueAttributes.indexOf(attribute);
    let values = group.valueCounts[at];
    if (values === undefined) {
      values = new Map();
      group.forEachHost((index, n) => {
        const v = attributeValue(this.view.hosts[index]!, attribute);
        values!.set(v, (values!.get(v) ?? 0) + n);
      });
      group.valueAttributes.push(attribute);
      group.valueCounts.push(values);
    }
    return values;
  }

  private changeCount(group: GroupState, host: Host, delta: number): void {
    group.add(host.index, delta);
    for (let k = 0; k < group.valueAttributes.length; k++) {
      const values = group.valueCounts[k]!;
      const v = attributeValue(host, group.valueAttributes[k]!);
      values.set(v, (values.get(v) ?? 0) + delta);
    }
    for (let k = 0; k < group.partitions.length; k++) group.partitions[k]!.syncCount(group, host);
  }

  private uncount(task: string, service: string): void {
    const index = this.counted.get(task);
    if (index === undefined) return;
    this.counted.delete(task);
    this.changeCount(this.groupFor(service), this.view.hosts[index]!, -1);
  }

  private addHostGroup(index: number, taskGroup: string, delta: number): void {
    let groups = this.hostGroups[index];
    if (groups === undefined) {
      while (this.hostGroups.length <= index) this.hostGroups.push(undefined);
      groups = new Map();
      this.hostGroups[index] = groups;
    }
    const n = (groups.get(taskGroup) ?? 0) + delta;
    if (n > 0) groups.set(taskGroup, n);
    else groups.delete(taskGroup);
  }

  private hostOf(id: string | null): Host | undefined {
    if (id === null) return undefined;
    // Ids are `i-<index + 1>` (ClusterState.nextHostId): try that slot before hashing the id.
    const guess = this.view.hosts[countedIdNumber(id, 105 /* i */) - 1];
    return guess !== undefined && guess.id === id ? guess : this.view.hostsById.get(id);
  }

  // -------------------------------------------------------------------------------------------
  // Searches

  /** The full test of one candidate: resources, ENIs, ports, distinctInstance, dynamic memberOf. */
  private feasible(host: Host): boolean {
    if (host.status !== 'ACTIVE' || !requestFits(this.request, host)) return false;
    const plan = this.plan!;
    if (plan.placement.distinctInstance && plan.group.count(host.index) > 0) return false;
    const dynamic = plan.placement.dynamicQueries;
    for (let i = 0; i < dynamic.length; i++) if (!evaluateClusterQuery(dynamic[i]!, this.target.of(host))) return false;
    return true;
  }

  private readonly fits: LeafTest = { accept: (pos) => this.feasible(this.cell!.hosts[pos]!) };

  private readonly fitsAtLevel: LeafTest = {
    accept: (pos) => {
      const host = this.cell!.hosts[pos]!;
      return this.plan!.group.count(host.index) === this.level && this.feasible(host);
    },
  };

  /** No random strategy: the best host over all cells. */
  private best(plan: ServicePlan): Host | undefined {
    const cells = this.orderCells(plan);
    let best: Host | undefined;
    let bestCell: Cell | undefined;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      // Cells come in order of their leading spread counts: once one is worse, so are the rest.
      if (bestCell !== undefined && plan.leading > 0 && this.compareLeading(plan, cell, bestCell) > 0) break;
      const host = this.cellBest(plan, cell);
      if (host !== undefined && (best === undefined || this.compareFull(plan, host, cell, best, bestCell!) < 0)) {
        best = host;
        bestCell = cell;
      }
    }
    return best;
  }

  /** The cell's best host under the strategies that vary inside a cell, lowest index among ties. */
  private cellBest(plan: ServicePlan, cell: Cell): Host | undefined {
    this.cell = cell;
    const r = this.request;
    const tree = cell.tree;
    const steps = plan.steps;
    const counts = plan.usesCounts ? tree.counts.get(plan.group.taskGroup)! : null;
    if (steps.length === 0) {
      const pos = tree.first(r.cpu, r.memoryMiB, plan.placement.distinctInstance ? counts : null, 0, this.fits);
      return pos < 0 ? undefined : cell.hosts[pos];
    }
    if (steps[0]!.kind === 'group-count') {
      const pos = tree.minCount(r.cpu, r.memoryMiB, counts!, this.fits);
      if (pos < 0) return undefined;
      if (steps.length === 1) return cell.hosts[pos];
      return this.scanSorted(plan, cell, 1, tree.foundCount);
    }
    return this.scanSorted(plan, cell, 0, -1);
  }

  /**
   * Walks the sorted list of `steps[k]` (a binpack) from the request's size. `level` >= 0 keeps
   * only hosts with that many tasks of the group. Returns the first fitting host when `k` is the
   * last step; otherwise gathers the run of hosts tied with it and applies the remaining steps.
   */
  private scanSorted(plan: ServicePlan, cell: Cell, k: number, level: number): Host | undefined {
    const rule = plan.steps[k] as HostKeyRule;
    const list = cell.sorted[plan.stepSlots[k]!]!;
    const hosts = this.view.hosts;
    const last = k === plan.steps.length - 1;
    const out = this.hostScratch;
    list.seek(packKey(Math.min(rule.minUsefulKey(this.request), MAX_USEFUL_KEY), 0));
    const minAux = rule.minUsefulAux(this.request);
    let first: Host | undefined;
    let firstValue = -1;
    for (;;) {
      const key = list.next(minAux);
      if (key < 0) break;
      if (first !== undefined && packedValue(key) !== firstValue) break;
      const host = hosts[packedIndex(key)]!;
      if (level >= 0 && plan.group.count(host.index) !== level) continue;
      if (!this.feasible(host)) continue;
      if (first === undefined) {
        first = host;
        firstValue = packedValue(key);
        if (last) return host;
      }
      out.push(host);
    }
    if (first === undefined) return undefined;
    return this.narrow(plan, out, k + 1, false);
  }

  /**
   * Applies steps[from..] to the hosts appended to hostScratch since `start` (all tied so far,
   * in index order): keeps the best of each step. Returns the lowest index left, or with `ties`
   * leaves the survivors in place (in order) and returns the first.
   */
  private narrow(plan: ServicePlan, out: Host[], from: number, ties: boolean, start = 0): Host | undefined {
    let end = out.length;
    for (let s = from; s < plan.steps.length; s++) {
      const step = plan.steps[s]!;
      let min = Number.POSITIVE_INFINITY;
      for (let i = start; i < end; i++) min = Math.min(min, this.stepKey(plan, step, out[i]!));
      let w = start;
      for (let i = start; i < end; i++) if (this.stepKey(plan, step, out[i]!) === min) out[w++] = out[i]!;
      end = w;
    }
    out.length = end;
    if (ties) return out[start];
    let best = out[start];
    for (let i = start + 1; i < end; i++) if (out[i]!.index < best!.index) best = out[i];
    out.length = start;
    return best;
  }

  private stepKey(plan: ServicePlan, step: HostKeyRule | GroupCountRule, host: Host): number {
    return step.kind === 'host-key' ? step.keyOf(host) : plan.group.count(host.index);
  }

  /**
   * Random after spread-on-attribute strategies only: the cells tied on them that hold a
   * candidate, then rejection sampling by rank over their hosts (see RANDOM_DRAWS).
   */
  private randomOverCells(plan: ServicePlan): Host | undefined {
    const r = this.request;
    const cells = this.orderCells(plan);
    const tied = this.tiedCells;
    tied.length = 0;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (tied.length > 0 && this.compareLeading(plan, cell, tied[0]!) > 0) break;
      this.cell = cell;
      const counts = plan.placement.distinctInstance ? cell.tree.counts.get(plan.group.taskGroup)! : null;
      if (cell.tree.first(r.cpu, r.memoryMiB, counts, 0, this.fits) >= 0) tied.push(cell);
    }
    if (tied.length === 0) return undefined;
    let universe = 0;
    for (let i = 0; i < tied.length; i++) universe += tied[i]!.tree.activeCount;
    for (let d = 0; d < RANDOM_DRAWS; d++) {
      let j = drawIndex(this.rng, universe);
      for (let i = 0; i < tied.length; i++) {
        const cell = tied[i]!;
        const n = cell.tree.activeCount;
        if (j >= n) {
          j -= n;
          continue;
        }
        const host = cell.hosts[cell.tree.nthActive(j)]!;
        if (this.feasible(host)) return host;
        break;
      }
    }
    const out = this.hostScratch;
    for (let i = 0; i < tied.length; i++) {
      const cell = tied[i]!;
      this.cell = cell;
      const counts = plan.placement.distinctInstance ? cell.tree.counts.get(plan.group.taskGroup)! : null;
      const positions = this.posScratch;
      positions.length = 0;
      cell.tree.collect(r.cpu, r.memoryMiB, counts, 0, this.fits, positions);
      for (let k = 0; k < positions.length; k++) out.push(cell.hosts[positions[k]!]!);
    }
    const host = out[drawIndex(this.rng, out.length)];
    out.length = 0;
    return host;
  }

  /** Random after a binpack or spread on instanceId: gathers every tied candidate, then one draw. */
  private randomAmongTies(plan: ServicePlan): Host | undefined {
    const r = this.request;
    const out = this.hostScratch;
    const segmentCells = this.tiedCells;
    segmentCells.length = 0;
    const cells = plan.partition.cells;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      this.cell = cell;
      const start = out.length;
      const tree = cell.tree;
      const counts = plan.usesCounts ? tree.counts.get(plan.group.taskGroup)! : null;
      if (plan.steps[0]!.kind === 'group-count') {
        const pos = tree.minCount(r.cpu, r.memoryMiB, counts!, this.fits);
        if (pos < 0) continue;
        if (plan.steps.length === 1) {
          this.level = tree.foundCount;
          const positions = this.posScratch;
          positions.length = 0;
          tree.collect(r.cpu, r.memoryMiB, counts, this.level, this.fitsAtLevel, positions);
          for (let k = 0; k < positions.length; k++) out.push(cell.hosts[positions[k]!]!);
        } else {
          this.scanSortedFrom(plan, cell, 1, tree.foundCount, start);
        }
      } else {
        this.scanSortedFrom(plan, cell, 0, -1, start);
      }
      if (out.length === start) continue;
      // Keep only the cells whose ties are best on the whole prefix (spread counts included).
      if (segmentCells.length > 0) {
        const c = this.comparePrefix(plan, out[start]!, cell, out[0]!, segmentCells[0]!);
        if (c > 0) {
          out.length = start;
          continue;
        }
        if (c < 0) {
          out.copyWithin(0, start);
          out.length -= start;
          segmentCells.length = 0;
        }
      }
      segmentCells.push(cell);
    }
    if (out.length === 0) return undefined;
    const host = out[drawIndex(this.rng, out.length)];
    out.length = 0;
    segmentCells.length = 0;
    return host;
  }

  /** scanSorted in ties mode, keeping earlier cells' ties in hostScratch before `start`. */
  private scanSortedFrom(plan: ServicePlan, cell: Cell, k: number, level: number, start: number): void {
    const rule = plan.steps[k] as HostKeyRule;
    const list = cell.sorted[plan.stepSlots[k]!]!;
    const hosts = this.view.hosts;
    const out = this.hostScratch;
    list.seek(packKey(Math.min(rule.minUsefulKey(this.request), MAX_USEFUL_KEY), 0));
    const minAux = rule.minUsefulAux(this.request);
    let firstValue = -1;
    for (;;) {
      const key = list.next(minAux);
      if (key < 0) break;
      if (firstValue >= 0 && packedValue(key) !== firstValue) break;
      const host = hosts[packedIndex(key)]!;
      if (level >= 0 && plan.group.count(host.index) !== level) continue;
      if (!this.feasible(host)) continue;
      if (firstValue < 0) firstValue = packedValue(key);
      out.push(host);
    }
    if (out.length > start) this.narrow(plan, out, k + 1, true, start);
  }

  /** Cells in the order their leading spread counts rank them (cell order among equals). */
  private orderCells(plan: ServicePlan): readonly Cell[] {
    const cells = plan.partition.cells;
    if (plan.leading === 0 || cells.length < 2) return cells;
    const order = this.cellOrder;
    order.length = 0;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      let j = order.length;
      order.push(cell);
      while (j > 0 && this.compareLeading(plan, order[j - 1]!, cell) > 0) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = cell;
    }
    return order;
  }

  private spreadCount(plan: ServicePlan, k: number, cell: Cell): number {
    return plan.partitionCounts[k]!.get(cell.values[plan.partitionSlots[k]!]!) ?? 0;
  }

  private compareLeading(plan: ServicePlan, a: Cell, b: Cell): number {
    for (let k = 0; k < plan.leading; k++) {
      const d = this.spreadCount(plan, k, a) - this.spreadCount(plan, k, b);
      if (d !== 0) return d;
    }
    return 0;
  }

  /** Compares two candidates on every strategy before `random` (or all of them), not on index. */
  private comparePrefix(plan: ServicePlan, a: Host, cellA: Cell, b: Host, cellB: Cell): number {
    let k = 0;
    for (const rule of plan.chain) {
      let x: number;
      let y: number;
      if (rule.kind === 'random') break;
      if (rule.kind === 'partition') {
        x = this.spreadCount(plan, k, cellA);
        y = this.spreadCount(plan, k, cellB);
        k++;
      } else if (rule.kind === 'host-key') {
        x = rule.keyOf(a);
        y = rule.keyOf(b);
      } else {
        x = plan.group.count(a.index);
        y = plan.group.count(b.index);
      }
      if (x !== y) return x - y;
    }
    return 0;
  }

  private compareFull(plan: ServicePlan, a: Host, cellA: Cell, b: Host, cellB: Cell): number {
    return this.comparePrefix(plan, a, cellA, b, cellB) || a.index - b.index;
  }
}

/** What a service's spec compiles to against the engine's indexes. */
interface ServicePlan {
  /** The spec object it was built from: a different object from the lookup rebuilds the plan. */
  readonly spec: EcsPlacementSpec;
  readonly placement: CompiledPlacement;
  readonly partition: Partition;
  readonly group: GroupState;
  readonly chain: readonly StrategyRule[];
  /** The strategies that vary inside a cell (binpack, spread on instanceId), in order. */
  readonly steps: readonly (HostKeyRule | GroupCountRule)[];
  /** Per step: the slot of its sorted list in each cell (binpack), -1 otherwise. */
  readonly stepSlots: readonly number[];
  /** How many spread-on-attribute strategies open the chain. */
  readonly leading: number;
  /** Per spread-on-attribute strategy in chain order: the group's counts per value... */
  readonly partitionCounts: readonly Map<string, number>[];
  /** ...and where its attribute sits in a cell's values. */
  readonly partitionSlots: readonly number[];
  readonly endsWithRandom: boolean;
  /** The group has count trees in the partition (distinctInstance or spread on instanceId). */
  readonly usesCounts: boolean;
}

const NO_REQUEST: PlacementRequest = Object.freeze({ service: '', cpu: 0, memoryMiB: 0 });
const NO_GROUPS: readonly string[] = Object.freeze([]);
/** Seeks past every key for requests larger than any host (packKey stays exact). */
const MAX_USEFUL_KEY = 2 ** 31;
