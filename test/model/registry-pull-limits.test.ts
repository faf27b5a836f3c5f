import { describe, expect, it } from 'vitest';
import { imageRegistry } from '../../src/model/app-failure.js';
import { DOCKER_HUB_PULL_LIMITS, type RegistryPullLimitParams } from '../../src/model/params/registry-pull-limits.js';
import { pullCredentials, RegistryPullQuota } from '../../src/model/registry-pull-limits.js';
import type { ContainerDefinition, TaskDefinition } from '../../src/model/task-definition.js';

/** Docker Hub's pull rate limit as counters (src/model/registry-pull-limits.ts). */

const SMALL: RegistryPullLimitParams = { registry: 'registry-1.docker.io', unauthenticatedPerAddress: 3, authenticatedPerAccount: 5, windowMs: 1_000 };
const NAT_A = { kind: 'address', natAz: 'us-east-1a' } as const;
const NAT_B = { kind: 'address', natAz: 'us-east-1b' } as const;
const ACCOUNT = { kind: 'account', credentials: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-AbCdEf' } as const;

describe('Docker Hub’s figures', () => {
  it('100 anonymous pulls per address and 200 per Personal account in 6 hours, for registry-1.docker.io', () => {
    expect(DOCKER_HUB_PULL_LIMITS).toEqual({ registry: 'registry-1.docker.io', unauthenticatedPerAddress: 100, authenticatedPerAccount: 200, windowMs: 21_600_000 });
    const quota = new RegistryPullQuota(DOCKER_HUB_PULL_LIMITS);
    expect(quota.limits(imageRegistry('nginx:1.27'))).toBe(true);
    expect(quota.limits(imageRegistry('bitnami/redis:7.2'))).toBe(true);
    expect(quota.limits(imageRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27'))).toBe(false);
    expect(quota.limits(imageRegistry('public.ecr.aws/nginx/nginx:1.27'))).toBe(false);
  });
});

describe('a sliding window per source', () => {
  it('counts pulls up to the limit and refuses the next until the oldest leaves the window', () => {
    const quota = new RegistryPullQuota(SMALL);
    expect(quota.tryPull(NAT_A, 0)).toBeNull();
    expect(quota.tryPull(NAT_A, 100)).toBeNull();
    expect(quota.tryPull(NAT_A, 200)).toBeNull();
    expect(quota.tryPull(NAT_A, 300)).toEqual({ limit: 3, windowMs: 1_000, retryAt: 1_000 });
    expect(quota.tryPull(NAT_A, 999)).toEqual({ limit: 3, windowMs: 1_000, retryAt: 1_000 });
    // The pull at 0 counts until 1000 (exclusive): one pull fits then, and the next waits for the one at 100.
    expect(quota.tryPull(NAT_A, 1_000)).toBeNull();
    expect(quota.tryPull(NAT_A, 1_000)).toEqual({ limit: 3, windowMs: 1_000, retryAt: 1_100 });
  });

  it('does not count a refused pull: the registry served nothing', () => {
    const quota = new RegistryPullQuota(SMALL);
    for (const t of [0, 10, 20]) expect(quota.tryPull(NAT_A, t)).toBeNull();
    for (let t = 30; t < 1_000; t += 10) expect(quota.tryPull(NAT_A, t)).not.toBeNull();
    // Had the refusals counted, the window would still be full at 1020.
    expect(quota.tryPull(NAT_A, 1_020)).toBeNull();
  });

  it('keeps one quota per NAT gateway address and one per account, the account’s with its own limit', () => {
    const quota = new RegistryPullQuota(SMALL);
    for (let i = 0; i < 3; i++) expect(quota.tryPull(NAT_A, i)).toBeNull();
    expect(quota.tryPull(NAT_A, 3)).not.toBeNull();
    expect(quota.tryPull(NAT_B, 3)).toBeNull();
    for (let i = 0; i < 5; i++) expect(quota.tryPull(ACCOUNT, 10 + i)).toBeNull();
    expect(quota.tryPull(ACCOUNT, 20)).toEqual({ limit: 5, windowMs: 1_000, retryAt: 1_010 });
  });
});

describe('the credentials a pull is made with', () => {
  const container = (secrets?: ContainerDefinition['secrets']): ContainerDefinition => ({ name: 'web', image: 'acme/web:1', imageSizeMiB: 50, layers: 5, essential: true, portMappings: [], ...(secrets === undefined ? {} : { secrets }) });
  const td = (containers: ContainerDefinition[], imagePullSecrets?: string[]): TaskDefinition => ({
    family: 'web',
    revision: 1,
    cpu: 256,
    memoryMiB: 512,
    networkMode: 'awsvpc',
    containers,
    readyAfterMs: 0,
    ...(imagePullSecrets === undefined ? {} : { imagePullSecrets }),
  });

  it('ECS: the container’s repositoryCredentials, not its other secrets', () => {
    const secret = { valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', store: 'secretsmanager', key: null, optional: false, registryAuth: false } as const;
    const login = { ...secret, valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-AbCdEf', registryAuth: true } as const;
    const c = container([secret, login]);
    expect(pullCredentials(td([c]), c)).toBe(login.valueFrom);
    const anonymous = container([secret]);
    expect(pullCredentials(td([anonymous]), anonymous)).toBeNull();
  });

  it('Kubernetes: the pod’s first imagePullSecret; none: anonymous', () => {
    const c = container();
    expect(pullCredentials(td([c], ['dockerhub-login', 'quay-login']), c)).toBe('dockerhub-login');
    expect(pullCredentials(td([c]), c)).toBeNull();
  });
});
