import type { RandomStream } from '../engine/rng.js';
import { toMillis } from '../engine/time.js';
import { imageRegistry, type ImagePullFailure } from '../model/app-failure.js';
import type { EgressPurpose } from '../model/events/egress.js';
import { asksRegistry, type PullDecider } from '../model/image-pull-policy.js';
import { isEcrRegistry, routeFor, type AwsServiceEndpoint, type EgressRoute, type EgressSpec } from '../model/network/egress.js';
import type { StartupDependencyParams } from '../model/params/startup-dependencies.js';
import type { StartupDependencyFailure } from '../model/reasons/stop.js';
import { pullCredentials, type PullQuotaSource, type RegistryPullQuota } from '../model/registry-pull-limits.js';
import { secretFaultFor, type SecretRef } from '../model/secrets.js';
import type { ContainerDefinition } from '../model/task-definition.js';
import { requireTaskAz, type Task } from '../model/task.js';
import type { Actions } from './actions/index.js';

/** The execution role AccessDenied messages name when the task definition gives none. */
const DEFAULT_EXECUTION_ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const MIB = 1024 * 1024;

/** What ECS's resource retrieval before the pull came to: a delay, or a failure after `afterMs`. */
export type ResourceRetrieval = { readonly ok: true; readonly delayMs: number } | { readonly ok: false; readonly afterMs: number; readonly failure: StartupDependencyFailure };

/**
 * What a task needs from AWS before its containers exist (docs/models.md, "Start-up
 * dependencies"), shared by the node agents (task-lifecycle.ts):
 *
 * - ECS (the agent on EC2, or Fargate) fetches the containers' `secrets` and
 *   `repositoryCredentials` with the task execution role before pulling, concurrently (one
 *   latency draw per task); Fargate also gets ECR's authorization token then. A service it
 *   cannot reach, or that answers AccessDenied or not found, fails the task:
 *   `resourceRetrieval`.
 * - Image pulls call ECR's API (ecr.api on EC2 hosts, ecr.dkr for the manifest) and download
 *   the layers from S3: each through its VPC endpoint, else a NAT gateway, else they time out
 *   (`pullFailure`). A registry outside AWS is reached only through a NAT gateway.
 * - A registry with a pull rate limit (Docker Hub) counts each pull of an image the host lacks
 *   against the quota of its login, else of its source address, the NAT gateway it goes through,
 *   and refuses it (429 toomanyrequests) when the quota is used up (`pullFailure`;
 *   docs/models.md, "Registry pull rate limits").
 * - kubelet reads a pod's Secrets from the API server when it creates the containers, after the
 *   pull: a missing one is CreateContainerConfigError (`missingKubernetesSecret`).
 *
 * With `cluster.vpc.egress` declared, every call that succeeds records its bytes
 * (`egress.transferred`), which the cost report bills; without it every call is reachable and
 * nothing is recorded. Only built when the scenario declares egress, a container reads a secret
 * or pulls from a rate-limited registry, so other runs draw nothing from its stream (the rate
 * limit draws nothing at all).
 */
export class StartupDependencies {
  constructor(
    private readonly actions: Actions,
    private readonly params: StartupDependencyParams,
    private readonly rng: RandomStream,
    private readonly egress: EgressSpec | null,
    private readonly region: string,
    /** The rate-limited registry's counters (Docker Hub's); null: the run pulls from none. */
    private readonly pullQuota: RegistryPullQuota | null = null,
  ) {}

  /**
   * ECS, at PENDING before the pull: the task's secrets (and, on Fargate, ECR's registry
   * credentials). Returns the delay until they are fetched, or the first failure and how long
   * the calls took to fail.
   */
  resourceRetrieval(task: Task): ResourceRetrieval {
    if (task.service.kind !== 'ecs-service') return NO_DELAY;
    const fargate = task.service.launchType === 'FARGATE';
    const az = requireTaskAz(task, 'to route from');
    const td = task.taskDefinition;
    const role = td.executionRoleArn ?? DEFAULT_EXECUTION_ROLE;
    let calls = 0;
    if (fargate) {
      for (const c of td.containers) {
        const registry = imageRegistry(c.image);
        if (!isEcrRegistry(registry)) continue;
        const route = this.route(az, 'ecr.api');
        if (route.via === 'none') return this.failed({ what: 'registry-auth', store: null, name: registry, failure: 'unreachable', fargate, region: this.region, executionRole: role, task: task.id });
        calls++;
        break;
      }
    }
    const faults = this.actions.state.secretFaults;
    for (const c of td.containers) {
      for (const ref of c.secrets ?? []) {
        if (ref.store === 'kubernetes') continue;
        const dependency = { what: 'secret' as const, store: ref.store, name: ref.valueFrom, fargate, region: this.region, executionRole: role, task: task.id };
        if (this.route(az, ref.store).via === 'none') return this.failed({ ...dependency, failure: 'unreachable' });
        const fault = faults.length === 0 ? undefined : secretFaultFor(ref, faults);
        if (fault !== undefined) return this.failed({ ...dependency, failure: fault.fails });
        calls++;
      }
    }
    if (calls === 0) return NO_DELAY;
    // Every call succeeds: record what went through the VPC's path.
    if (fargate && td.containers.some((c) => isEcrRegistry(imageRegistry(c.image)))) this.record(task, az, 'ecr.api', 'registry-api', this.params.registryCallBytes);
    for (const c of td.containers) for (const ref of c.secrets ?? []) if (ref.store !== 'kubernetes') this.record(task, az, ref.store, 'secret', this.params.secretFetchBytes);
    const secrets = td.containers.some((c) => c.secrets?.some((r) => r.store !== 'kubernetes'));
    return { ok: true, delayMs: secrets ? toMillis(this.rng.logNormal(this.params.secretFetch.median, this.params.secretFetch.sigma)) : 0 };
  }

  /**
   * Where the agent asks the registry (docs/models.md, "Image pull policy"): the first image it
   * must pull now (`decide` says `pull`: not cached on the host nor being pulled there; Fargate
   * has no cache) whose path is broken, or whose registry refuses it over its pull rate limit
   * (docs/models.md, "Registry pull rate limits"), or the first cached image its policy resolves
   * first (`resolve`, `resolve-or-cached`) whose registry API cannot be reached, as the pull
   * failure it becomes (`fallBack`: the agent then uses its cached copy). A resolve is a manifest
   * HEAD: it needs no layers (S3) and Docker Hub does not count it against the rate limit. When
   * every call goes ahead, records their bytes and returns undefined. `now`: the simulated time
   * of the pull (ms), which the rate limit's window counts from.
   */
  pullFailure(task: Task, now: number, decide: PullDecider): { image: string; fails: ImagePullFailure; fallBack: boolean } | undefined {
    const egress = this.egress;
    const quota = this.pullQuota;
    if (egress === null && quota === null) return undefined;
    const fargate = task.service.launchType === 'FARGATE' || task.host === null;
    const az = requireTaskAz(task, 'to route from');
    const calls: { image: string; ecr: boolean; bytes: number }[] = [];
    for (const c of task.taskDefinition.containers) {
      const d = decide(task, c);
      if (!asksRegistry(d)) continue;
      if (calls.some((p) => p.image === c.image)) continue;
      const registry = imageRegistry(c.image);
      const ecr = isEcrRegistry(registry);
      const fallBack = d === 'resolve-or-cached';
      if (ecr) {
        // EC2 hosts get ECR's token at pull time (Fargate got it in resource retrieval).
        if (!fargate && this.route(az, 'ecr.api').via === 'none') return { image: c.image, fails: 'registry-unreachable', fallBack };
        if (this.route(az, 'ecr.dkr').via === 'none') return { image: c.image, fails: 'registry-unreachable', fallBack };
        if (d === 'pull' && this.route(az, 's3').via === 'none') return { image: c.image, fails: 'layers-unreachable', fallBack };
      } else if (this.route(az, null).via === 'none') return { image: c.image, fails: 'registry-unreachable', fallBack };
      // The manifest's GET is what the registry counts; an image that ships with the host is never pulled.
      if (d === 'pull' && quota !== null && c.preloaded !== true && quota.limits(registry)) {
        const source = this.quotaSource(task, c, az);
        const refusal = quota.tryPull(source, now);
        if (refusal !== null) {
          this.actions.images.pullRateLimited(task, c.image, registry, source, refusal);
          return { image: c.image, fails: 'rate-limited', fallBack: false };
        }
      }
      calls.push({ image: c.image, ecr, bytes: d === 'pull' ? Math.round(c.imageSizeMiB * MIB) : 0 });
    }
    if (egress === null) return undefined;
    for (const p of calls) {
      if (p.ecr) {
        if (!fargate) this.record(task, az, 'ecr.api', 'registry-api', this.params.registryCallBytes);
        this.record(task, az, 'ecr.dkr', 'registry-api', this.params.registryCallBytes);
        if (p.bytes > 0) this.record(task, az, 's3', 'image-layers', p.bytes);
      } else if (p.bytes > 0) this.record(task, az, null, 'image-layers', p.bytes);
      else this.record(task, az, null, 'registry-api', this.params.registryCallBytes);
    }
    return undefined;
  }

  /** kubelet creating a pod's containers: the first Secret it needs that is missing (not optional), or null. */
  missingKubernetesSecret(task: Task): string | null {
    const faults = this.actions.state.secretFaults;
    if (faults.length === 0 || task.service.kind !== 'deployment') return null;
    for (const c of task.taskDefinition.containers) {
      for (const ref of c.secrets ?? []) if (isRequiredKubernetesSecret(ref) && secretFaultFor(ref, faults) !== undefined) return ref.valueFrom;
    }
    return null;
  }

  /** kubelet's re-sync of a pod whose containers could not be created: its back-off period with jitter. */
  kubeletRetryMs(): number {
    return Math.round(this.params.kubeletSyncRetryMs * (1 + this.params.kubeletSyncRetryJitter * this.rng.random()));
  }

  /**
   * Whose quota a pull counts against: the login it is made with, else the address it comes
   * from, the NAT gateway its route goes through (the task's AZ's without a declared egress).
   */
  private quotaSource(task: Task, container: ContainerDefinition, az: string): PullQuotaSource {
    const credentials = pullCredentials(task.taskDefinition, container);
    if (credentials !== null) return { kind: 'account', credentials };
    const route = this.egress === null ? null : routeFor(this.egress, this.actions.state.egressFaults, az, null);
    return { kind: 'address', natAz: route !== null && route.via === 'nat' ? route.natAz : az };
  }

  private failed(failure: StartupDependencyFailure): ResourceRetrieval {
    const afterMs = failure.failure === 'unreachable' ? this.params.unreachableTimeoutMs : this.params.deniedTimeoutMs;
    return { ok: false, afterMs, failure };
  }

  private route(az: string, endpoint: AwsServiceEndpoint | null): EgressRoute {
    if (this.egress === null) return REACHABLE;
    return routeFor(this.egress, this.actions.state.egressFaults, az, endpoint);
  }

  private record(task: Task, az: string, endpoint: AwsServiceEndpoint | null, purpose: EgressPurpose, bytes: number): void {
    if (this.egress === null) return;
    const route = routeFor(this.egress, this.actions.state.egressFaults, az, endpoint);
    if (route.via === 'none') return;
    this.actions.network.egressTransferred(task, az, endpoint, route, purpose, bytes);
  }
}

const NO_DELAY: ResourceRetrieval = Object.freeze({ ok: true, delayMs: 0 });
/** Without a declared egress path every call reaches its service (fleetsim's behaviour before egress existed). */
const REACHABLE: EgressRoute = Object.freeze({ via: 'endpoint', endpoint: 'sts', gateway: false });

function isRequiredKubernetesSecret(ref: SecretRef): boolean {
  return ref.store === 'kubernetes' && !ref.optional;
}

/**
 * Whether a container of the spec's services, or an image a deploy event rolls out, comes from
 * `registry` (a rate-limited one): the run then needs the dependency checker to count its pulls.
 */
export function pullsFrom(registry: string, services: readonly { readonly taskDefinition: { readonly containers: readonly { readonly image: string }[] } }[], deployedImages: readonly string[]): boolean {
  return services.some((s) => s.taskDefinition.containers.some((c) => imageRegistry(c.image) === registry)) || deployedImages.some((image) => imageRegistry(image) === registry);
}

/** Whether any container of the spec's services reads a secret: the run then needs the dependency checker. */
export function readsSecrets(services: readonly { readonly taskDefinition: { readonly containers: readonly { readonly secrets?: readonly SecretRef[] }[] } }[]): boolean {
  return services.some((s) => s.taskDefinition.containers.some((c) => (c.secrets?.length ?? 0) > 0));
}
