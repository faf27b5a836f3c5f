import type { Host } from '../../../model/host.js';
import { pdbDisruptionsAllowed } from '../../../model/service.js';
import type { Service } from '../../../model/service.js';
import { podPriority, type Task } from '../../../model/task.js';
import {
  isUnresolvable,
  NO_PREEMPTION_VICTIMS,
  PREEMPTION_NOT_HELPFUL,
  preemptionFitError,
  type FilterReason,
  type PreemptionMessage,
} from '../../../model/reasons/scheduling.js';
import { fail, readInteger, readObject } from '../args.js';
import { reasonsOf, type CycleState, type FilterDiagnosis, type PodInfo, type PostFilterPlugin, type PostFilterResult, type Status } from '../framework.js';
import { whatIfNode } from '../what-if-node.js';

export const DEFAULT_PREEMPTION = 'DefaultPreemption';

/** DefaultPreemptionArgs: candidates to find, as a share of the nodes and at least this many. */
export interface DefaultPreemptionArgs {
  readonly minCandidateNodesPercentage: number;
  readonly minCandidateNodesAbsolute: number;
}

/** SetDefaults_DefaultPreemptionArgs: 10 % and 100. */
export const DEFAULT_PREEMPTION_ARGS: DefaultPreemptionArgs = Object.freeze({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });

/** A node where preemption would let the pod fit, and the pods it would delete there. */
interface Candidate {
  readonly node: Host;
  /** In order of importance, most important first. */
  readonly victims: Task[];
  readonly pdbViolations: number;
}

/**
 * DefaultPreemption, the PostFilter of the default profile (kube-scheduler
 * pkg/scheduler/framework/preemption, plugins/defaultpreemption): when no node passes the
 * filters, find pods of lower priority whose deletion would let the pod fit, with as little
 * disruption as possible.
 *
 * 1. Eligibility: not with preemptionPolicy Never; not while pods this pod already preempted
 *    on its nominated node are still terminating (unless that node is now out of the question).
 * 2. Potential nodes: those whose filter status removing pods could change (not
 *    UnschedulableAndUnresolvable: labels, taints, cordon, a request above the node's
 *    allocatable; see isUnresolvable).
 * 3. Dry run, from a random offset among them, until max(10 % of them, 100) candidates are
 *    found with at least one that violates no PodDisruptionBudget: remove every pod of lower
 *    priority; if the pod then passes the filters, add them back one at a time, most important
 *    first (higher priority, then older), those whose PDB their deletion would violate first,
 *    keeping each that still leaves room. The rest are the victims.
 * 4. Pick the candidate with the fewest PDB violations, then the lowest highest-victim
 *    priority, the lowest sum of victim priorities, the fewest victims, the latest start of the
 *    highest-priority victims, then the first found.
 *
 * The policy nominates the node and the caller deletes the victims (gracefully); the pod is
 * scheduled when they are gone. With no candidate, the message kube-scheduler appends to the
 * FitError: `preemption: 0/N nodes are available: ...` counting each node's status ("No
 * preemption victims found for incoming pod", "Preemption is not helpful for scheduling", or the
 * filter reasons that still fail with every lower-priority pod gone).
 *
 * Not modelled: victims' effect on PodTopologySpread and InterPodAffinity counts (the dry run
 * frees their resources and pod slots; a node blocked by spread or anti-affinity alone stays
 * blocked), extenders, pod groups.
 */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = DEFAULT_PREEMPTION;

  constructor(private readonly args: DefaultPreemptionArgs = DEFAULT_PREEMPTION_ARGS) {}

  postFilter(pod: PodInfo, d: FilterDiagnosis, state: CycleState): PostFilterResult {
    const why = this.ineligibility(pod, d, state);
    if (why !== null) return { message: why };
    const potential: number[] = [];
    for (let i = 0; i < d.nodes.length; i++) if (mightHelp(d.statuses[i]!, pod, d.nodes[i]!)) potential.push(i);
    const statuses = new Map<number, Status>();
    const candidates = potential.length === 0 ? [] : this.dryRun(pod, d, potential, statuses);
    if (candidates.length === 0) {
      // FitError over every node: the dry run's statuses, "not helpful" for the rest.
      const histogram = new Map<FilterReason, number>();
      for (let i = 0; i < d.nodes.length; i++) for (const r of reasonsOf(statuses.get(i) ?? PREEMPTION_NOT_HELPFUL)) histogram.set(r, (histogram.get(r) ?? 0) + 1);
      return { message: preemptionFitError(d.nodes.length, histogram) };
    }
    const best = pickOne(candidates);
    return { nomination: { node: best.node, victims: best.victims } };
  }

  /** PodEligibleToPreemptOthers: null when the pod may preempt, else why not. */
  private ineligibility(pod: PodInfo, d: FilterDiagnosis, state: CycleState): PreemptionMessage | null {
    if (pod.spec.preemptionPolicy === 'Never') return NOT_ELIGIBLE_NEVER;
    const nominee = pod.task === undefined ? undefined : state.nominations.of(pod.task.id);
    if (nominee === undefined) return null;
    const at = d.nodes.indexOf(nominee.node);
    // A nominated node the filters now rule out for good: the pod may preempt elsewhere.
    if (at < 0 || !mightHelp(d.statuses[at]!, pod, nominee.node)) return null;
    for (const t of nominee.node.tasks) if (podPriority(t) < pod.priority && state.nominations.isPreempted(t.id)) return NOT_ELIGIBLE_TERMINATING;
    return null;
  }

  /** DryRunPreemption over the potential nodes, from a random offset (see the class comment). */
  private dryRun(pod: PodInfo, d: FilterDiagnosis, potential: readonly number[], statuses: Map<number, Status>): Candidate[] {
    const n = potential.length;
    const wanted = Math.min(n, Math.max(Math.trunc((n * this.args.minCandidateNodesPercentage) / 100), this.args.minCandidateNodesAbsolute));
    const offset = Math.floor(d.rng.random() * n);
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    for (let k = 0; k < n; k++) {
      const i = potential[(offset + k) % n]!;
      const node = d.nodes[i]!;
      const result = selectVictimsOnNode(pod, node, d);
      if ('status' in result) {
        statuses.set(i, result.status);
        continue;
      }
      (result.pdbViolations === 0 ? nonViolating : violating).push(result);
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
    }
    return [...nonViolating, ...violating];
  }
}

/** Whether removing pods could make the node pass: its status is resolvable. */
function mightHelp(status: Status, pod: PodInfo, node: Host): boolean {
  for (const r of reasonsOf(status)) if (isUnresolvable(r, pod, node)) return false;
  return true;
}

/**
 * SelectVictimsOnNode: the fewest pods of lower priority to delete for the pod to pass the
 * filters on `node`, or the node's status when no deletion helps.
 */
function selectVictimsOnNode(pod: PodInfo, node: Host, d: FilterDiagnosis): Candidate | { status: Status } {
  const potential: Task[] = [];
  for (const t of node.tasks) if (podPriority(t) < pod.priority) potential.push(t);
  if (potential.length === 0) return { status: NO_PREEMPTION_VICTIMS };
  const without = d.filter(whatIfNode(node, potential));
  if (without !== null) return { status: without };
  potential.sort(moreImportantFirst);
  const [violatingPods, nonViolatingPods] = splitByPdbViolation(potential);
  // Reprieve as many as fit back, the PDB-violating ones first, most important first.
  const removed = new Set(potential);
  const victims: Task[] = [];
  let pdbViolations = 0;
  const reprieve = (t: Task): boolean => {
    removed.delete(t);
    if (d.filter(whatIfNode(node, [...removed])) === null) return true;
    removed.add(t);
    victims.push(t);
    return false;
  };
  for (const t of violatingPods) if (!reprieve(t)) pdbViolations++;
  for (const t of nonViolatingPods) reprieve(t);
  if (violatingPods.length > 0 && nonViolatingPods.length > 0) victims.sort(moreImportantFirst);
  return { node, victims, pdbViolations };
}

/** MoreImportantPod: higher priority first, then the one that started earlier (then by id, for a stable order). */
function moreImportantFirst(a: Task, b: Task): number {
  return podPriority(b) - podPriority(a) || startOf(a) - startOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A pod's start time (status.startTime): when it was bound, fleetsim's nearest instant. */
function startOf(t: Task): number {
  return t.placedAt ?? t.createdAt;
}

/**
 * filterPodsWithPDBViolation: in order, each pod spends one of its workload's allowed
 * disruptions; a pod with none left would violate its PodDisruptionBudget.
 */
function splitByPdbViolation(pods: readonly Task[]): [Task[], Task[]] {
  const allowed = new Map<Service, number>();
  const violating: Task[] = [];
  const nonViolating: Task[] = [];
  for (const t of pods) {
    const pdb = t.service.podDisruptionBudget;
    if (pdb === null) {
      nonViolating.push(t);
      continue;
    }
    const left = (allowed.get(t.service) ?? pdbDisruptionsAllowed(pdb, t.service.tasks, t.service.desiredCount)) - 1;
    allowed.set(t.service, left);
    (left < 0 ? violating : nonViolating).push(t);
  }
  return [violating, nonViolating];
}

/** pickOneNodeForPreemption's criteria in order; the first candidate wins remaining ties. */
function pickOne(candidates: readonly Candidate[]): Candidate {
  const criteria: ((c: Candidate) => number)[] = [
    (c) => -c.pdbViolations,
    (c) => -podPriority(c.victims[0]!),
    // Priorities offset by 2^31 so negative ones still add up as costs.
    (c) => -c.victims.reduce((sum, v) => sum + podPriority(v) + 2 ** 31, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfHighest(c.victims),
  ];
  let pool = [...candidates];
  for (const score of criteria) {
    if (pool.length === 1) break;
    let best = Number.NEGATIVE_INFINITY;
    let next: Candidate[] = [];
    for (const c of pool) {
      const s = score(c);
      if (s > best) {
        best = s;
        next = [c];
      } else if (s === best) next.push(c);
    }
    pool = next;
  }
  return pool[0]!;
}

/** GetEarliestPodStartTime: the earliest start among the victims of the highest priority. */
function earliestStartOfHighest(victims: readonly Task[]): number {
  const top = podPriority(victims[0]!);
  let earliest = Number.POSITIVE_INFINITY;
  for (const v of victims) if (podPriority(v) === top) earliest = Math.min(earliest, startOf(v));
  return earliest;
}

const NOT_ELIGIBLE_NEVER: PreemptionMessage = Object.freeze({ code: 'NOT_ELIGIBLE', why: 'PREEMPTION_POLICY_NEVER' });
const NOT_ELIGIBLE_TERMINATING: PreemptionMessage = Object.freeze({ code: 'NOT_ELIGIBLE', why: 'TERMINATING_POD_ON_NOMINATED_NODE' });

/** Validates DefaultPreemptionArgs as ValidateDefaultPreemptionArgs does. */
export function parseDefaultPreemptionArgs(args: unknown, path: string): DefaultPreemptionArgs {
  if (args === undefined) return DEFAULT_PREEMPTION_ARGS;
  const o = readObject(args, path, ['minCandidateNodesPercentage', 'minCandidateNodesAbsolute']);
  const minCandidateNodesPercentage =
    o.minCandidateNodesPercentage === undefined ? DEFAULT_PREEMPTION_ARGS.minCandidateNodesPercentage : readInteger(o.minCandidateNodesPercentage, `${path}.minCandidateNodesPercentage`, 0, 100);
  const minCandidateNodesAbsolute =
    o.minCandidateNodesAbsolute === undefined ? DEFAULT_PREEMPTION_ARGS.minCandidateNodesAbsolute : readInteger(o.minCandidateNodesAbsolute, `${path}.minCandidateNodesAbsolute`, 0, Number.MAX_SAFE_INTEGER);
  if (minCandidateNodesPercentage === 0 && minCandidateNodesAbsolute === 0) fail(path, 'minCandidateNodesPercentage and minCandidateNodesAbsolute cannot both be zero');
  return { minCandidateNodesPercentage, minCandidateNodesAbsolute };
}
