import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../src/model/events/index.js';
import { oneAzEksCluster, runYamlChecked, yamlErrors } from '../support/scenario-runner.js';
import { describeEvent, entityOf } from '../../src/report/describe/index.js';

/**
 * App failures (src/controllers/task-lifecycle.ts, docs/models.md "Application failures and
 * back-off"): crashes, OOM kills and failing pulls, on ECS (the task stops and is replaced) and
 * EKS (kubelet restarts in place or retries after its back-off).
 */
function eks(container: string, seed = 3, replicas = 4): string {
  return `name: app
seed: ${seed}
duration: 20m
${oneAzEksCluster()}
workloads:
  - kind: Deployment
    name: api
    replicas: ${replicas}
    containers:
      - name: api
        image: api:1
        imageSize: 50MB
        resources: { requests: { cpu: 250m, memory: 256Mi } }
        ${container}
`;
}

function ecs(container: string): string {
  return `name: app
seed: 3
duration: 20m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: 2 }
services:
  - serviceName: api
    desiredCount: 2
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - name: api
          image: api:1
          imageSize: 50MB
          ${container}
`;
}

function run(yaml: string, seed?: string): { records: FleetEvent[]; restarts: number } {
  const checked = runYamlChecked(yaml, { file: 'app.yaml', seed });
  return { records: checked.records, restarts: checked.result.state.services.get('api')!.failures.restarts };
}

function errorsOf(yaml: string): string[] {
  return yamlErrors(yaml, 'app.yaml');
}

describe('application failures', () => {
  it('Kubernetes: restarts a crashing container after 10, 20, 40, 80, 160, 300 s (CrashLoopBackOff)', () => {
    const { records } = run(eks('crash: { onStartProbability: 1 }', 3, 1));
    const backOffs = records.filter((r) => r.type === 'pod.back-off').map((r) => r.delayMs);
    expect(backOffs.slice(0, 8)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    const exits = records.filter((r) => r.type === 'container.exited');
    const restarts = records.filter((r) => r.type === 'container.restarted');
    // Each restart comes exactly one back-off after the exit before it.
    restarts.forEach((r, i) => expect(r.time - exits[i]!.time).toBe(backOffs[i]));
    expect(records.some((r) => r.type === 'task.stopped')).toBe(false);
    expect(describeEvent(exits[0]!)).toBe('container api terminated: Error, exit code 1');
  });

  it('Kubernetes: resets the back-off after 10 minutes of running', () => {
    const { records } = run(eks('crash: { after: 11m }', 3, 1));
    expect(records.filter((r) => r.type === 'pod.back-off').map((r) => r.delayMs)).toEqual([10_000]);
  });

  it('draws crash-on-start from a seeded stream: the same seed crashes the same pods', () => {
    const crashes = (seed: string): string[] => run(eks('crash: { onStartProbability: 0.3 }', 3, 20), seed).records.filter((r) => r.type === 'container.exited').map((r) => `${entityOf(r)}@${r.time}`);
    const a = crashes('7');
    expect(a.length).toBeGreaterThan(0);
    expect(crashes('7')).toEqual(a);
    expect(crashes('8')).not.toEqual(a);
  });

  it('Kubernetes: OOM-kills a leaking container at its memory limit and restarts it', () => {
    const { records } = run(eks('memoryLeak: { perMinute: 32MiB }', 3, 1));
    const started = records.find((r) => r.type === 'task.status-changed' && r.to === 'RUNNING')!;
    const exit = records.find((r) => r.type === 'container.exited')!;
    expect(exit.time - started.time).toBe(8 * 60_000);
    expect(exit.exitCode).toBe(137);
    expect(describeEvent(exit)).toContain('OOMKilled');
  });

  it('ECS: an OOM-killed essential container stops the task, which is replaced', () => {
    const { records } = run(ecs('memoryLeak: { perMinute: 50MiB }'));
    const stopped = records.filter((r) => r.type === 'task.stopped');
    expect(stopped.length).toBeGreaterThanOrEqual(2);
    expect(stopped[0]!.stopCode).toBe('EssentialContainerExited');
    expect(describeEvent(stopped[0]!)).toBe('EssentialContainerExited: Essential container in task exited (container api: exit code 137, OutOfMemoryError: Container killed due to memory usage)');
    expect(records.filter((r) => r.type === 'task.created').length).toBeGreaterThanOrEqual(4);
  });

  it("ECS: a container's memory is its hard limit: it is OOM-killed there, not at the task's memory", () => {
    const { records } = run(ecs('memory: 256\n          memoryLeak: { perMinute: 32MiB }'));
    const started = records.find((r) => r.type === 'task.status-changed' && r.to === 'RUNNING')!;
    const exit = records.find((r) => r.type === 'container.exited' && entityOf(r) === entityOf(started))!;
    // 256 MiB at 32 MiB a minute: 8 minutes (the task's 512 MiB would take 16).
    expect(exit.time - started.time).toBe(8 * 60_000);
    expect(exit.type === 'container.exited' && exit.exitCode).toBe(137);
    expect(describeEvent(exit)).toContain('OutOfMemoryError: Container killed due to memory usage');
  });

  it('ECS: a failing pull stops the task with CannotPullContainerError', () => {
    const { records } = run(ecs('imagePull: { fails: access-denied }'));
    const stopped = records.filter((r) => r.type === 'task.stopped');
    expect(stopped.length).toBeGreaterThan(2);
    expect(stopped[0]!.stopCode).toBe('TaskFailedToStart');
    expect(describeEvent(stopped[0]!)).toContain('CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref api:1: pull access denied for api');
  });

  it('Kubernetes: retries a failing pull with the same back-off (ImagePullBackOff)', () => {
    const { records } = run(eks('imagePull: { fails: tag-not-found }', 3, 1));
    expect(records.filter((r) => r.type === 'pod.back-off').map((r) => r.delayMs).slice(0, 7)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(describeEvent(records.find((r) => r.type === 'pod.back-off')!)).toBe('ImagePullBackOff: BackOff: Back-off pulling image "api:1" (back-off 10s)');
    expect(records.some((r) => r.type === 'task.healthy')).toBe(false);
  });

  it('makes no random draw and changes nothing when no failure is set', () => {
    const plain = run(eks('readyAfter: 2s')).records;
    const again = run(eks('readyAfter: 2s')).records;
    expect(again).toEqual(plain);
    expect(plain.some((r) => r.type.startsWith('container.') || r.type === 'pod.back-off')).toBe(false);
  });

  it('rejects bad failure settings with their line and column', () => {
    expect(errorsOf(ecs('crash: { onStartProbability: 1.5 }'))).toEqual(['app.yaml:18:40: error: must be at most 1, got 1.5 (at services[0].taskDefinition.containerDefinitions[0].crash.onStartProbability)']);
    expect(errorsOf(ecs('crash: { after: 0s }'))).toEqual(['app.yaml:18:27: error: crash.after must be more than 0 (use onStartProbability: 1 for a crash at start) (at services[0].taskDefinition.containerDefinitions[0].crash.after)']);
    expect(errorsOf(ecs('crash: {}'))).toHaveLength(1);
    expect(errorsOf(ecs('memoryLeak: { perMinute: 0Mi }'))).toEqual(['app.yaml:18:36: error: memoryLeak.perMinute must be more than 0, e.g. 50MiB (at services[0].taskDefinition.containerDefinitions[0].memoryLeak.perMinute)']);
    expect(errorsOf(ecs('memoryLeak: { perMinute: lots }'))[0]).toContain("'lots' is not a size");
    expect(errorsOf(ecs('imagePull: { fails: tag-missing }'))[0]).toMatch(/^app\.yaml:18:31: error: .*tag-not-found/);
    expect(errorsOf(eks('memoryLeak: { perMinute: 10MiB }').replace('resources: { requests: { cpu: 250m, memory: 256Mi } }', 'resources: { requests: { cpu: 250m } }'))).toEqual([
      'app.yaml:22:21: error: a memory leak ends in an OOM kill only under a memory limit: set resources.limits.memory (or requests.memory, which fleetsim then takes as the limit) (at workloads[0].containers[0].memoryLeak)',
    ]);
    const overLimit = eks('').replace('resources: { requests: { cpu: 250m, memory: 256Mi } }', 'resources: { requests: { cpu: 250m, memory: 256Mi }, limits: { memory: 128Mi } }');
    expect(errorsOf(overLimit)).toEqual(['app.yaml:21:53: error: must be less than or equal to memory limit (at workloads[0].containers[0].resources.requests.memory)']);
  });

  it('Kubernetes: a container with resources.limits.memory is OOM-killed at the limit, not at its request', () => {
    const withLimit = eks('memoryLeak: { perMinute: 32MiB }', 3, 1).replace('resources: { requests: { cpu: 250m, memory: 256Mi } }', 'resources: { requests: { cpu: 250m, memory: 256Mi }, limits: { memory: 512Mi } }');
    const { records } = run(withLimit);
    const started = records.find((r) => r.type === 'task.status-changed' && r.to === 'RUNNING')!;
    const exit = records.find((r) => r.type === 'container.exited')!;
    expect(exit.time - started.time).toBe(16 * 60_000);
    expect(describeEvent(exit)).toContain('OOMKilled (memory limit 512 MiB reached)');
  });
});
