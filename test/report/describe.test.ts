import { describe, expect, it } from 'vitest';
import { fitError, INSUFFICIENT_CPU, NODE_UNSCHEDULABLE, taintNotTolerated } from '../../src/model/reasons/scheduling.js';
import { UNMET_RESOURCE_PORTS } from '../../src/model/reasons/placement.js';
import { goLookupTimeout } from '../../src/report/describe/dns.js';
import { ECS_OOM_REASON, ecsPullFailureReason, kubeletPullBackOffMessage, kubeletPullFailureMessage } from '../../src/report/describe/image-pull.js';
import { describePlacementFailure } from '../../src/report/describe/placement.js';
import { describeStopReason } from '../../src/report/describe/stop-reason.js';

/**
 * The ECS and Kubernetes wording that src/report/describe renders from codes: the words users
 * search logs and consoles for, pinned here against the documented messages.
 */
describe('ECS service events', () => {
  it('words a port conflict as the service event does (Developer Guide, "Port already in-use")', () => {
    const text = describePlacementFailure('web', { code: 'NO_INSTANCE_MET_REQUIREMENTS', closest: 'ci-1', unmet: [UNMET_RESOURCE_PORTS] });
    expect(text).toBe(
      '(service web) was unable to place a task because no container instance met all of its requirements. ' +
        'The closest matching (container-instance ci-1) is already using a port required by your task. ' +
        'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
    );
  });

  it('joins several unmet requirements with "and", in the order the code lists them', () => {
    const text = describePlacementFailure('web', { code: 'NO_INSTANCE_MET_REQUIREMENTS', closest: 'i-1', unmet: [{ code: 'INSUFFICIENT_CPU' }, { code: 'RESOURCE_ENI' }] });
    expect(text).toContain('(container-instance i-1) has insufficient CPU units available and encountered error "RESOURCE:ENI".');
  });
});

describe("kube-scheduler's FitError", () => {
  it('counts each reason over the nodes and sorts "<count> <reason>" as strings', () => {
    const histogram = new Map([
      [INSUFFICIENT_CPU, 10],
      [NODE_UNSCHEDULABLE, 2],
      [taintNotTolerated('dedicated', 'gpu'), 1],
    ]);
    expect(describePlacementFailure('p', fitError(13, histogram))).toBe(
      '0/13 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 10 Insufficient cpu, 2 node(s) were unschedulable.',
    );
  });

  it('merges reasons that read alike (one taint key and value, whatever the effect or object)', () => {
    const a = taintNotTolerated('k', 'v');
    const failure = fitError(3, new Map([[a, 1], [{ code: 'TAINT_NOT_TOLERATED', key: 'k', value: 'v' } as const, 2]]));
    expect(failure).toEqual({ code: 'FIT_ERROR', nodes: 3, reasons: [{ reason: a, nodes: 3 }] });
    expect(describePlacementFailure('p', failure)).toBe('0/3 nodes are available: 3 node(s) had untolerated taint {k: v}.');
  });
});

describe('stop reasons and image pulls', () => {
  const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2';

  it('words an OOM kill as ECS does', () => {
    expect(ECS_OOM_REASON).toBe('OutOfMemoryError: Container killed due to memory usage');
    expect(describeStopReason({ code: 'ESSENTIAL_CONTAINER_EXITED', container: 'api', exitCode: 137, oom: true })).toBe(
      'Essential container in task exited (container api: exit code 137, OutOfMemoryError: Container killed due to memory usage)',
    );
  });

  it('words ECS stop reasons as CannotPullContainerError', () => {
    expect(ecsPullFailureReason(image, 'tag-not-found')).toBe(
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${image}: not found`,
    );
    expect(ecsPullFailureReason(image, 'registry-unreachable')).toContain('dial tcp 123456789012.dkr.ecr.us-east-1.amazonaws.com:443: i/o timeout');
    expect(ecsPullFailureReason('api:1', 'access-denied')).toContain('pull access denied for api, repository does not exist or may require authorization');
    expect(describeStopReason({ code: 'CANNOT_PULL_CONTAINER', image, failure: 'tag-not-found' })).toBe(ecsPullFailureReason(image, 'tag-not-found'));
  });

  it('words kubelet events as Failed to pull image and Back-off pulling image', () => {
    expect(kubeletPullFailureMessage(image, 'tag-not-found')).toMatch(/^Failed to pull image ".*": rpc error: code = NotFound desc = failed to pull and unpack image/);
    expect(kubeletPullBackOffMessage(image)).toBe(`Back-off pulling image "${image}"`);
  });
});

describe('cluster DNS', () => {
  it("words a failed lookup as Go's resolver does", () => {
    expect(goLookupTimeout('orders.default.svc.cluster.local', '172.20.0.10')).toBe('dial tcp: lookup orders.default.svc.cluster.local on 172.20.0.10:53: read udp: i/o timeout');
  });
});
