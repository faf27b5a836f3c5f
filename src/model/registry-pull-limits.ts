/**
 * A registry's pull rate limit as counters (docs/models.md, "Registry pull rate limits"):
 * Docker Hub counts unauthenticated pulls per source IPv4 address and authenticated ones per
 * account, each in a sliding window (parameters and sources in
 * src/model/params/registry-pull-limits.ts). Pure data and arithmetic over the caller's clock;
 * the start-up dependency checker (src/controllers/startup-dependencies.ts) asks at each pull.
 *
 * The source address of a pull from a private subnet is its NAT gateway's Elastic IP: every task
 * and node behind one gateway shares one quota. fleetsim's subnets are private (it has no public
 * subnets or public task addresses: ECS `assignPublicIp` is ignored on import), so a pull's
 * address is the NAT gateway of its AZ, or the shared one (`cluster.vpc.egress.natGateways:
 * single`); without `cluster.vpc.egress` a gateway per AZ, the layout AWS recommends.
 */
import type { ContainerDefinition, TaskDefinition } from './task-definition.js';
import type { RegistryPullLimitParams } from './params/registry-pull-limits.js';

/** Whose quota a pull counts against. */
export type PullQuotaSource =
  /** Unauthenticated: the address of the NAT gateway in `natAz`. */
  | { readonly kind: 'address'; readonly natAz: string }
  /** Authenticated: the account behind these credentials (an ECS repositoryCredentials secret, an imagePullSecret). */
  | { readonly kind: 'account'; readonly credentials: string };

/** A pull the registry refused: its source had `limit` pulls in the last window; the oldest leaves it at `retryAt`. */
export interface PullRefusal {
  readonly limit: number;
  readonly windowMs: number;
  /** When the source may pull again (ms): the oldest counted pull's time plus the window. */
  readonly retryAt: number;
}

/**
 * The times of one source's counted pulls in the window, oldest first, in a ring of `limit`
 * slots: a pull is counted when fewer than `limit` were made in the `windowMs` before it. A
 * refused pull is not counted (the registry served nothing).
 */
class SlidingWindowLog {
  private readonly times: Float64Array;
  private head = 0;
  private count = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.times = new Float64Array(limit);
  }

  /** Counts a pull at `now` (ms, never earlier than the last call's) if the window has room; else the refusal. */
  tryPull(now: number): PullRefusal | null {
    const n = this.limit;
    while (this.count > 0 && this.times[this.head]! + this.windowMs <= now) {
      this.head = (this.head + 1) % n;
      this.count--;
    }
    if (this.count < n) {
      this.times[(this.head + this.count) % n] = now;
      this.count++;
      return null;
    }
    return { limit: n, windowMs: this.windowMs, retryAt: this.times[this.head]! + this.windowMs };
  }
}

/** One rate-limited registry's counters, one per source address and one per account, made at a source's first pull. */
export class RegistryPullQuota {
  private readonly byAddress = new Map<string, SlidingWindowLog>();
  private readonly byAccount = new Map<string, SlidingWindowLog>();

  constructor(readonly params: RegistryPullLimitParams) {}

  /** Whether pulls of `registry` (a host, {@link imageRegistry}) are limited. */
  limits(registry: string): boolean {
    return registry === this.params.registry;
  }

  /** Counts a pull from `source` at `now` (ms, non-decreasing) if its quota allows; else the refusal. */
  tryPull(source: PullQuotaSource, now: number): PullRefusal | null {
    const p = this.params;
    const account = source.kind === 'account';
    const logs = account ? this.byAccount : this.byAddress;
    const key = account ? source.credentials : source.natAz;
    let log = logs.get(key);
    if (log === undefined) {
      log = new SlidingWindowLog(account ? p.authenticatedPerAccount : p.unauthenticatedPerAddress, p.windowMs);
      logs.set(key, log);
    }
    return log.tryPull(now);
  }
}

/**
 * The credentials a container's image is pulled with, or null (anonymous): its ECS
 * `repositoryCredentials`, else the pod's first `imagePullSecrets` entry (kubelet uses the
 * secrets whose registry matches the image; fleetsim does not read their contents and takes the
 * first as the registry's login).
 */
export function pullCredentials(td: TaskDefinition, container: ContainerDefinition): string | null {
  for (const ref of container.secrets ?? []) if (ref.registryAuth) return ref.valueFrom;
  return td.imagePullSecrets?.[0] ?? null;
}
