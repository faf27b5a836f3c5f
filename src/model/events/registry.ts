import type { EventDocs } from './docs.js';

/** Trace events of container registries' own limits (docs/models.md, "Registry pull rate limits"). */

export interface ImagePullRateLimited {
  readonly type: 'image.pull-rate-limited';
  readonly time: number;
  readonly task: string;
  readonly service: string;
  /** The task's host; null on Fargate. */
  readonly host: string | null;
  readonly image: string;
  /** The registry host that refused it (registry-1.docker.io). */
  readonly registry: string;
  /** `address`: an anonymous pull, counted per source address (the NAT gateway in `natAz`); `account`: an authenticated one, counted per account. */
  readonly quota: 'address' | 'account';
  /** The AZ of the NAT gateway whose Elastic IP the pull came from (`address`), else null. */
  readonly natAz: string | null;
  /** The credentials the pull was made with (`account`): an ECS repositoryCredentials secret or an imagePullSecret; else null. */
  readonly credentials: string | null;
  /** Pulls the quota allows in one window (all of them used). */
  readonly limit: number;
  readonly windowMs: number;
  /** When the quota's oldest counted pull leaves the window and a pull is allowed again (ms). */
  readonly retryAt: number;
}

export type RegistryEvent = ImagePullRateLimited;

export const REGISTRY_EVENT_DOCS = {
  'image.pull-rate-limited': {
    when:
      "A registry with a pull rate limit (Docker Hub) refused a task's pull of an image its host lacks (a Fargate task pulls every time): the quota of the pull's source address (its NAT gateway's Elastic IP) or of its account was used up in the last window. The pull fails (task.image-pull-failed, rate-limited): ECS stops the task with CannotPullContainerError, kubelet backs off (ImagePullBackOff).",
    fields: {
      task: 'The task or pod.',
      service: 'Its service or workload.',
      host: 'Its host; null on Fargate.',
      image: 'The image reference.',
      registry: 'The registry host that answered 429 (registry-1.docker.io).',
      quota: 'address (an anonymous pull, counted per source IPv4 address) or account (an authenticated pull, counted per account).',
      natAz: "The AZ of the NAT gateway whose address the pull came from (address quota); null otherwise.",
      credentials: 'The login the pull used (account quota): an ECS repositoryCredentials secret or the pod\'s imagePullSecret; null otherwise.',
      limit: 'Pulls the quota allows per window: 100 per address, 200 per Personal account.',
      windowMs: 'The window (6 hours).',
      retryAt: "When the quota's oldest pull leaves the window: the next pull from this source is allowed then (ms).",
    },
    examples: [
      { type: 'image.pull-rate-limited', time: 0, task: 't-000101', service: 'web', host: 'i-000042', image: 'nginx:1.27', registry: 'registry-1.docker.io', quota: 'address', natAz: 'us-east-1a', credentials: null, limit: 100, windowMs: 21_600_000, retryAt: 21_612_000 },
      {
        type: 'image.pull-rate-limited',
        time: 0,
        task: 't-000207',
        service: 'api',
        host: null,
        image: 'acme/api:4.2',
        registry: 'registry-1.docker.io',
        quota: 'account',
        natAz: null,
        credentials: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf',
        limit: 200,
        windowMs: 21_600_000,
        retryAt: 21_640_000,
      },
    ],
  },
} satisfies EventDocs<RegistryEvent>;
