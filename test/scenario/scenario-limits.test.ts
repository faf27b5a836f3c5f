import { describe, expect, it } from 'vitest';
import { yamlErrors } from '../support/scenario-runner.js';

/**
 * The scenario's limits (docs/limits.md, issue 21 part 2): each input of the list is
 * refused before the run, with its position, the field, the limit and where it comes from.
 */

const ecs = (top: string, tail = '', duration = '10m') => `name: s
duration: ${duration}
${top}
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: 2 }
services:
  - serviceName: web
    desiredCount: 2
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: app, image: nginx, imageSize: 100MB }
${tail}`;

const eks = (memory: string, karpenter = '') => `name: s
duration: 10m
cluster:
  platform: eks
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
      - { az: us-east-1b, cidr: 10.0.16.0/20 }
      - { az: us-east-1c, cidr: 10.0.32.0/20 }
  nodeGroups:
    - { name: g, instanceType: m5.large, desiredSize: 2 }
${karpenter}
workloads:
  - name: api
    kind: Deployment
    replicas: 2
    containers:
      - { name: app, image: nginx, imageSize: 100MB, resources: { requests: { cpu: 250m, memory: ${memory} } } }
`;

describe('limits in the scenario', () => {
  it('the fixtures load as they are', () => {
    expect(yamlErrors(ecs(''))).toEqual([]);
    expect(yamlErrors(eks('256Mi'))).toEqual([]);
  });

  it('numbers are finite and at most 2^53 - 1 in every field', () => {
    expect(yamlErrors(ecs('').replace('desiredCount: 2', 'desiredCount: 1e308'))).toEqual([
      'scenario.yaml:10:19: error: 1e+308 is too large: numbers in a scenario are at most 9,007,199,254,740,991 (2^53 - 1; docs/limits.md) (at services[0].desiredCount)',
    ]);
    expect(yamlErrors(ecs('').replace('cpu: 256', 'cpu: 1e308'))).toEqual([
      'scenario.yaml:12:12: error: 1e+308 is too large: numbers in a scenario are at most 9,007,199,254,740,991 (2^53 - 1; docs/limits.md) (at services[0].taskDefinition.cpu)',
    ]);
    expect(yamlErrors(ecs('').replace('memory: 512', 'memory: .inf'))).toEqual(['scenario.yaml:13:15: error: must be a finite number, got .inf (at services[0].taskDefinition.memory)']);
    expect(yamlErrors(ecs('', '', '1e308'))).toEqual([
      'scenario.yaml:2:11: error: 1e+308 is too large: numbers in a scenario are at most 9,007,199,254,740,991 (2^53 - 1; docs/limits.md) (at duration)',
    ]);
    // A number the schema leaves unbounded still gets the net (an unknown key's value is the key's problem).
    expect(yamlErrors(ecs('maxEvents: .nan'))).toEqual(['scenario.yaml:3:12: error: must be a finite number, got .nan (at maxEvents)']);
  });

  it('counts stop at the AWS quotas and the Kubernetes scalability threshold', () => {
    expect(yamlErrors(ecs('').replace('desiredCount: 2', 'desiredCount: 10000000'))).toEqual([
      'scenario.yaml:10:19: error: must be at most 5,000 (ECS quota: tasks per service), got 10,000,000 (at services[0].desiredCount)',
    ]);
    expect(yamlErrors(eks('256Mi').replace('replicas: 2', 'replicas: 10000000'))).toEqual([
      "scenario.yaml:16:15: error: up to 10,000,000 pods (with its autoscaler's maximum and scale events), more than 150,000: the Kubernetes scalability threshold of 150,000 pods a cluster, which fleetsim simulates (docs/limits.md) (at workloads[0].replicas)",
    ]);
    const subnets = Array.from({ length: 201 }, (_, i) => `      - { az: us-east-1a, cidr: 10.${Math.floor(i / 16)}.${(i % 16) * 16}.0/20 }`).join('\n');
    expect(yamlErrors(eks('256Mi').replace(/    subnets:\n(      - .*\n){3}/, `    subnets:\n${subnets}\n`))).toContainEqual(expect.stringMatching(/error: has 201 items, more than 200 \(Amazon VPC quota: subnets per VPC\) \(at cluster\.vpc\.subnets\)$/));
  });

  it('the hosts a cluster starts with fit the host limit, which --max-hosts raises', () => {
    const big = ecs('').replace('desiredCapacity: 2', 'desiredCapacity: 200000');
    expect(yamlErrors(big)).toEqual([
      "scenario.yaml:7:59: error: the Auto Scaling groups start with 200,000 hosts together, more than fleetsim's limit of 100,000 hosts (docs/limits.md); raise it with --max-hosts if the machine has the memory (about 17 GB per million hosts) (at cluster.autoScalingGroups[0].desiredCapacity)",
    ]);
  });

  it('the run is bounded: duration, rows of timeline.csv, fault arrivals', () => {
    expect(yamlErrors(ecs('', '', '400d'))[0]).toBe("scenario.yaml:2:11: error: 400d is longer than the longest run fleetsim simulates, 366d (docs/limits.md); split the run or shorten it (at duration)");
    expect(yamlErrors(ecs('sampleInterval: 1ms', '', '1d'))).toEqual([
      'scenario.yaml:3:17: error: sampling every 1ms for 1d writes 86,400,001 rows to timeline.csv, more than the limit of 1,000,000 rows (docs/limits.md); sample every 87ms or more (at sampleInterval)',
    ]);
    expect(yamlErrors(ecs('', 'events:\n  - { at: 1m, taskKill: { service: web, count: 1 }, ratePerHour: 1e12, until: 9m }'))).toEqual([
      'scenario.yaml:17:66: error: about 133,333,333,333 fault arrivals in the run, more than the limit of 100,000 (docs/limits.md); lower the rate, lengthen every, or bring until closer to at (at events[0].ratePerHour)',
    ]);
    expect(yamlErrors(ecs('', 'events:\n  - { at: 1m, taskKill: { service: web, count: 1 }, every: 1ms, until: 9m }'))).toEqual([
      expect.stringMatching(/^scenario\.yaml:17:60: error: about 480,000 fault arrivals in the run, more than the limit of 100,000 .* \(at events\[0\]\.every\)$/),
    ]);
  });

  it('what would never happen is refused: an event at or after the end, an expectation after it, since after at', () => {
    expect(yamlErrors(ecs('', 'events:\n  - { at: 20m, scale: { service: web, desiredCount: 3 } }'))).toEqual([
      'scenario.yaml:17:11: error: at 20m is not before the end of the run (duration 10m): the event would never happen; move it earlier or lengthen duration (at events[0].at)',
    ]);
    expect(yamlErrors(ecs('', 'expect:\n  - { at: 20m, service: web, running: 2 }'))).toEqual([
      'scenario.yaml:17:11: error: at 20m is after the end of the run (duration 10m): it would never be checked; check at the end (leave out at) or lengthen duration (at expect[0].at)',
    ]);
    expect(yamlErrors(ecs('', 'expect:\n  - { at: 10m, service: web, running: 2 }'))).toEqual([]);
    expect(yamlErrors(ecs('', 'expect:\n  - { at: 5m, since: 8m, reason: TASK_STOPPED }'))).toEqual(['scenario.yaml:17:22: error: since 8m is after at 5m: no event could count (at expect[0].since)']);
  });

  it('Kubernetes quantities as the API server parses them, Karpenter requirements as its webhook checks them', () => {
    expect(yamlErrors(eks('256MB'))).toEqual([
      "scenario.yaml:18:98: error: '256MB' is not a memory quantity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (bytes are written 256Mi in powers of 1024, or 256M in powers of 1000) (at workloads[0].containers[0].resources.requests.memory)",
    ]);
    expect(yamlErrors(eks('512Gu'))).toEqual(["scenario.yaml:18:98: error: '512Gu' is not a memory quantity: unable to parse quantity's suffix (use 128Mi, 1Gi, or 500M) (at workloads[0].containers[0].resources.requests.memory)"]);
    for (const ok of ['256Mi', '500M', '1e9', '0.5Gi']) expect(yamlErrors(eks(ok)), ok).toEqual([]);
    const pool = (values: string) => `  karpenter:
    nodePools:
      - name: default
        requirements:
          - { key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ${values} }`;
    for (const bad of ['["four"]', '["1.5"]', '["-1"]', '["2", "4"]']) {
      expect(yamlErrors(eks('256Mi', pool(bad))), bad).toEqual([
        expect.stringMatching(/error: key karpenter\.k8s\.aws\/instance-cpu with operator Gt must have a single positive integer value \(at cluster\.karpenter\.nodePools\[0\]\.requirements\[0\]\.values\)$/),
      ]);
    }
    expect(yamlErrors(eks('256Mi', pool('["4"]')))).toEqual([]);
  });

  it('thousands of unknown or repeated keys are each reported once, each at its own line', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join('\n');
    const errors = yamlErrors(`${ecs('')}${keys}\n`);
    expect(errors).toHaveLength(20_000);
    expect(errors[19_999]).toMatch(/^scenario\.yaml:20015:1: error: unknown key 'k19999' /);
    const repeated = Array.from({ length: 5_000 }, () => 'name: s').join('\n');
    expect(yamlErrors(repeated)).toHaveLength(4_999);
  });
});
