import type { RandomStream } from '../../engine/rng.js';
import type { EksTimingParams } from '../../model/params/eks-timing.js';
import { Priority, type Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { FleetEvent } from '../../model/events/index.js';
import { POD_DELETED, STATEFULSET_ROLLING_UPDATE, STATEFULSET_SCALE_DOWN } from '../../model/reasons/stop.js';
import { podAvailable, podReady, type Service } from '../../model/service.js';
import type { Task } from '../../model/task.js';
import type { TaskDefinition } from '../../model/task-definition.js';
import { claimName, podName, type PersistentVolumeClaim, type StatefulSetSpec, type StorageClassSpec } from '../../model/volumes.js';
import type { Actions } from '../actions/index.js';
import { createVolume } from './ebs-csi-provisioner.js';
import type { KubeScheduler } from './kube-scheduler.js';
import type { Kubelet } from './kubelet.js';

/**
 * The StatefulSet controller (docs/models.md, "Volumes"): keeps one pod per ordinal 0..replicas-1,
 * each with a stable name (`<set>-<ordinal>`) and its own PersistentVolumeClaims, one per
 * volumeClaimTemplate (`<template>-<set>-<ordinal>`), which outlive the pod. A pod is replaced
 * only once the old one is gone (deleted and its object removed), by a pod of the same name that
 * mounts the same claims. OrderedReady (the default podManagementPolicy) creates ordinal i only
 * when 0..i-1 are Running and Ready and deletes from the highest ordinal one at a time; Parallel
 * creates and deletes them all at once. An Immediate StorageClass's volume is provisioned when
 * its claim is created (in a zone the external-provisioner picks among the nodes' zones);
 * WaitForFirstConsumer waits for the scheduler (src/controllers/eks/attach-detach.ts).
 *
 * persistentVolumeClaimRetentionPolicy whenScaled Delete: a pod deleted because its ordinal is at
 * or above the replica count is condemned (upstream makes it its claims' owner); once it is gone
 * its claims are deleted (the garbage collector's work, in the same sync here), even if a
 * scale-out brought the ordinal back meanwhile, and that ordinal's next pod gets fresh claims. A
 * condemned pod whose ordinal is wanted again before it is gone is pardoned (upstream gives the
 * claims back to the StatefulSet) once the controller's pass over the wanted ordinals reaches it:
 * under Parallel at once, under OrderedReady only if it and every ordinal below it are Running and
 * Ready, so a pod already terminating is not pardoned there. A pod lost for another reason (node failure, eviction) keeps
 * its claims under either policy. What becomes of the volume is its StorageClass's reclaimPolicy
 * (src/controllers/eks/persistent-volume-reclaimer.ts).
 *
 * Updates (docs/models.md, "StatefulSet updates"): a new pod template (a `deploy` or
 * `rolloutUndo` event) is the update revision. `updateStrategy` RollingUpdate deletes, from the
 * highest ordinal down to the partition, the first pod not of the update revision, and only once
 * every pod above it is of it and Running and Ready; OrderedReady also waits, as for creation,
 * until every pod is Running and Ready for minReadySeconds. The ordinal comes back at the update
 * revision; one below the partition comes back at the current revision (the last completed one).
 * The rollout completes (status.currentRevision becomes the update revision) once every pod is of
 * the update revision and Ready. OnDelete replaces nothing: a pod gone for another reason comes
 * back at the update revision. Upstream's "Forced rollback": under OrderedReady a pod that never
 * becomes Ready stops everything, and reverting the template does not replace it (the controller
 * waits for it before it deletes anything): STATEFULSET_ROLLOUT_BLOCKED says so, and deleting
 * the pod (a `deletePod` event) lets the rollout go on.
 */
export class StatefulSetController {
  private readonly due = new Set<Service>();
  /** Per StatefulSet, its pods not yet gone, by ordinal. */
  private readonly pods = new Map<Service, Map<number, Task>>();
  private readonly ordinals = new Map<string, { readonly service: Service; readonly ordinal: number }>();
  /** whenScaled Delete: per StatefulSet, the ordinals whose pods were deleted by a scale-in, until their claims are. */
  private readonly condemned = new Map<Service, Set<number>>();
  /** Per StatefulSet, the pod a STATEFULSET_ROLLOUT_BLOCKED was last reported for (once per pod). */
  private readonly blockedOn = new Map<Service, Task>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly scheduler: KubeScheduler,
    private readonly kubelet: Kubelet,
    private readonly storageClasses: ReadonlyMap<string, StorageClassSpec>,
    /** The controller syncs a reaction time after a change it watches (informer event, workqueue), as the Deployment controller does. */
    private readonly timing: Pick<EksTimingParams, 'workloadControllerReactionMs'>,
    /** The external-provisioner's choice of zone for an Immediate claim. */
    private readonly rng: RandomStream,
    trace: Trace<FleetEvent>,
  ) {
    trace.subscribe(this.onRecord);
  }

  private readonly onRecord = (r: FleetEvent): void => {
    if (r.type === 'task.stopped') {
      const own = this.ordinals.get(r.task);
      if (own === undefined) return;
      this.ordinals.delete(r.task);
      const set = this.pods.get(own.service);
      if (set?.get(own.ordinal)?.id === r.task) set.delete(own.ordinal);
      return this.requestReconcile(own.service);
    }
    if (
      r.type !== 'service.created' &&
      r.type !== 'service.desired-count-changed' &&
      r.type !== 'service.deployment-started' &&
      r.type !== 'task.healthy' &&
      r.type !== 'task.recovered' &&
      r.type !== 'task.status-changed'
    )
      return;
    const service = this.actions.state.services.get(r.service);
    if (service?.statefulSet === undefined) return;
    // With minReadySeconds a Ready pod becomes available later: the controller's own AddAfter looks again then.
    const minReady = service.rollingUpdate.minReadyMs;
    if (minReady > 0 && (r.type === 'task.healthy' || r.type === 'task.recovered')) this.sim.after(minReady, this.requestOwnReconcile, service, Priority.Decision);
    this.requestReconcile(service);
  };

  private readonly requestOwnReconcile = (service: Service): void => this.requestReconcile(service, 0);

  /** Syncs the StatefulSet `delayMs` from now (default: the reaction to a watched change). */
  private requestReconcile(service: Service, delayMs = this.timing.workloadControllerReactionMs): void {
    if (this.due.has(service)) return;
    this.due.add(service);
    this.sim.after(delayMs, this.reconcile, service, Priority.Decision);
  }

  private readonly reconcile = (service: Service): void => {
    this.due.delete(service);
    const spec = service.statefulSet!;
    let set = this.pods.get(service);
    if (set === undefined) this.pods.set(service, (set = new Map()));
    const ordered = spec.podManagementPolicy === 'OrderedReady';
    const replicas = service.desiredCount;
    this.deleteCondemnedClaims(service, spec, set, replicas, ordered);
    // Scale down first: the highest ordinal above the wanted ones (OrderedReady: one at a time).
    const surplus = [...set.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
    if (surplus.length > 0) {
      // Every surplus ordinal is condemned, a pod already terminating (evicted, its node lost)
      // included: upstream makes each condemned pod its claims' owner before it waits on any.
      for (const i of surplus) this.condemn(service, spec, i);
      if (ordered && [...set.values()].some((t) => t.status === 'STOPPING')) return;
      for (const i of ordered ? surplus.slice(0, 1) : surplus) {
        const pod = set.get(i)!;
        if (pod.status === 'STOPPING') continue;
        this.scheduler.forget(pod);
        this.kubelet.stop(pod, 'ServiceSchedulerInitiated', STATEFULSET_SCALE_DOWN);
      }
      if (ordered) return;
    }
    for (let i = 0; i < replicas; i++) {
      const pod = set.get(i);
      if (pod !== undefined) {
        // OrderedReady: nothing beyond a pod that is not Running and Ready (for minReadySeconds).
        if (ordered && !this.available(pod)) return this.waitFor(service, spec, pod, i);
        continue;
      }
      set.set(i, this.createPod(service, spec, i));
      if (ordered) return;
    }
    this.rollOut(service, spec, set, replicas);
  };

  /** OrderedReady: how many ordinals from 0 up the replica pass gets through (each pod there, Running and Ready for minReadySeconds). */
  private orderedPass(set: ReadonlyMap<number, Task>, replicas: number): number {
    let n = 0;
    while (n < replicas) {
      const pod = set.get(n);
      if (pod === undefined || !this.available(pod)) break;
      n++;
    }
    return n;
  }

  /** Running and Ready for at least minReadySeconds (upstream's isRunningAndAvailable). */
  private available(pod: Task): boolean {
    return podAvailable(pod, pod.service.rollingUpdate.minReadyMs, this.sim.now);
  }

  /**
   * The revision a new pod of `ordinal` gets (upstream's newVersionedStatefulSetPod): under
   * RollingUpdate an ordinal below the partition keeps the current revision (the last completed
   * rollout's); every other the update revision (the pod template).
   */
  private revisionFor(service: Service, spec: StatefulSetSpec, ordinal: number): TaskDefinition {
    const strategy = spec.updateStrategy;
    return strategy.type === 'RollingUpdate' && ordinal < strategy.partition ? service.lastCompleted : service.taskDefinition;
  }

  /**
   * OrderedReady waits for `pod`. When a rolling update is in progress and the pod is not of the
   * revision its ordinal should have, nothing will replace it (the controller deletes pods for an
   * update only once all are Running and Ready): the Forced rollback trap, reported once per pod.
   */
  private waitFor(service: Service, spec: StatefulSetSpec, pod: Task, ordinal: number): void {
    // OnDelete never replaces a pod by design: only a rolling update can be stuck this way.
    if (spec.updateStrategy.type !== 'RollingUpdate' || service.deployment.rolloutState !== 'IN_PROGRESS') return;
    if (pod.status === 'STOPPING' || this.blockedOn.get(service) === pod) return;
    const wanted = this.revisionFor(service, spec, ordinal);
    if (pod.taskDefinition === wanted) return;
    this.blockedOn.set(service, pod);
    this.actions.services.event(service, { code: 'STATEFULSET_ROLLOUT_BLOCKED', pod: podName(service.name, ordinal), task: pod.id, revision: pod.taskDefinition.revision, updateRevision: wanted.revision });
  }

  /**
   * One step of an update (upstream's updateStatefulSet after its replica pass): RollingUpdate
   * deletes the highest-ordinal pod at or above the partition that is not of the update revision,
   * unless a pod above it is not available (Running and Ready for minReadySeconds) or is
   * terminating, one pod at a time;
   * maxUnavailable does not act (docs/models.md). The rollout completes once all `replicas` pods
   * are of the update revision and Ready. OnDelete deletes nothing and never completes.
   */
  private rollOut(service: Service, spec: StatefulSetSpec, set: ReadonlyMap<number, Task>, replicas: number): void {
    const deployment = service.deployment;
    if (deployment.rolloutState !== 'IN_PROGRESS' || spec.updateStrategy.type !== 'RollingUpdate') return;
    const update = deployment.taskDefinition;
    for (let i = replicas - 1; i >= spec.updateStrategy.partition; i--) {
      const pod = set.get(i);
      if (pod === undefined) return;
      if (pod.taskDefinition !== update && pod.status !== 'STOPPING') {
        this.actions.services.event(service, { code: 'STATEFULSET_POD_DELETED', pod: podName(service.name, i), task: pod.id, revision: pod.taskDefinition.revision, updateRevision: update.revision });
        this.scheduler.forget(pod);
        this.kubelet.stop(pod, 'ServiceSchedulerInitiated', STATEFULSET_ROLLING_UPDATE);
        return;
      }
      // Wait for unavailable pods on update (upstream's isUnavailable: Running and Ready for
      // minReadySeconds, not terminating), under Parallel too; the wake-up after minReadySeconds
      // (onRecord) looks again.
      if (!this.available(pod)) return;
    }
    if (set.size !== replicas) return;
    for (const pod of set.values()) if (pod.taskDefinition !== update || !podReady(pod)) return;
    this.blockedOn.delete(service);
    this.actions.services.setRolloutState(service, deployment, 'COMPLETED', { code: 'STATEFULSET_UPDATE_COMPLETE', revision: update.revision, replicas });
  }

  /**
   * `kubectl delete pod <set>-<ordinal>` (a scenario's deletePod event): the pod is deleted
   * gracefully and, once gone, created again at the revision its ordinal gets. Returns the pod,
   * or null when the ordinal has none (or it is already terminating).
   */
  deletePod(service: Service, ordinal: number): Task | null {
    const pod = this.pods.get(service)?.get(ordinal);
    if (pod === undefined || pod.status === 'STOPPING') return null;
    this.scheduler.forget(pod);
    this.kubelet.stop(pod, 'UserInitiated', POD_DELETED);
    return pod;
  }

  /** whenScaled Delete: the ordinal's pod is deleted by a scale-in, so its claims go with it. */
  private condemn(service: Service, spec: StatefulSetSpec, ordinal: number): void {
    if (spec.persistentVolumeClaimRetentionPolicy.whenScaled !== 'Delete' || spec.volumeClaimTemplates.length === 0) return;
    let condemned = this.condemned.get(service);
    if (condemned === undefined) this.condemned.set(service, (condemned = new Set()));
    condemned.add(ordinal);
  }

  /**
   * The claims of condemned ordinals whose pods are gone are deleted, in ordinal order. A condemned
   * ordinal wanted again before its pod is gone is pardoned (its claims stay) once the replica
   * pass reaches its pod (upstream's UpdateStatefulPod gives the claims back to the StatefulSet):
   * under Parallel at once, a terminating pod included; under OrderedReady only when it and every
   * ordinal below it are Running and Ready (for minReadySeconds), since the monotonic pass stops at
   * the first pod that is not; a pod already terminating is never pardoned there.
   */
  private deleteCondemnedClaims(service: Service, spec: StatefulSetSpec, set: ReadonlyMap<number, Task>, replicas: number, ordered: boolean): void {
    const condemned = this.condemned.get(service);
    if (condemned === undefined || condemned.size === 0) return;
    const pardonBelow = ordered ? this.orderedPass(set, replicas) : replicas;
    for (const i of [...condemned].sort((a, b) => a - b)) {
      if (set.has(i)) {
        if (i < pardonBelow) condemned.delete(i);
        continue;
      }
      condemned.delete(i);
      for (const t of spec.volumeClaimTemplates) {
        const claim = this.actions.state.volumes.claims.get(claimName(t.name, service.name, i));
        if (claim !== undefined) this.actions.volumes.deleteClaim(claim);
      }
    }
  }

  private createPod(service: Service, spec: StatefulSetSpec, ordinal: number): Task {
    const pod = this.actions.tasks.create(service, null, this.revisionFor(service, spec, ordinal));
    this.ordinals.set(pod.id, { service, ordinal });
    const claims = this.actions.volumes.claimFor(pod, ordinal, spec.volumeClaimTemplates, (name) => this.storageClasses.get(name)!);
    this.actions.services.event(service, { code: 'STATEFULSET_POD_CREATED', pod: podName(service.name, ordinal), task: pod.id, claims: claims.map((c) => c.name) });
    for (const claim of claims) if (claim.volume === null && !claim.provisioning && claim.storageClass.volumeBindingMode === 'Immediate') this.provisionNow(claim);
    this.scheduler.enqueue(pod);
    return pod;
  }

  /**
   * Immediate binding: the external-provisioner creates the volume when the claim appears, in a
   * zone of the StorageClass's allowedTopologies or, without them, one of the zones the nodes are
   * in (the provisioner passes every node's topology and the EBS CSI driver takes the first
   * preferred zone, in random order).
   */
  private provisionNow(claim: PersistentVolumeClaim): void {
    const zones = claim.storageClass.allowedZones ?? this.nodeZones();
    if (zones.length === 0) return;
    const az = zones[Math.floor(this.rng.random() * zones.length)]!;
    createVolume(this.sim, this.actions.volumes, claim, az);
  }

  private nodeZones(): string[] {
    const zones = new Set<string>();
    for (const h of this.actions.state.hosts) if (h.status === 'ACTIVE') zones.add(h.az);
    return [...zones].sort();
  }
}
