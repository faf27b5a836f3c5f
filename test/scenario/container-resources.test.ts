import { describe, expect, it } from 'vitest';
import type { SimulationSpec } from '../../src/model/simulation-spec.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { yamlErrors } from '../support/scenario-runner.js';

/**
 * ECS container-level `cpu`, `memory` and `memoryReservation` (Amazon ECS API Reference,
 * ContainerDefinition; src/scenario/sections/task-definition.ts): what a task without a task
 * size reserves, where a container is OOM-killed, and RegisterTaskDefinition's checks.
 */
function ecs(options: { task?: string; containers: string; launchType?: string; extra?: string }): string {
  const fargate = options.launchType === 'FARGATE';
  return `name: t
duration: 10m
cluster:
  platform: ecs
${fargate ? '  availabilityZones: [us-east-1a]\n  vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/24 }] }\n' : ''}  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: 1 }
services:
  - serviceName: api
    desiredCount: 1
${options.launchType === undefined ? '' : `    launchType: ${options.launchType}\n`}    taskDefinition:
${options.task ?? ''}      containerDefinitions:
${options.containers}${options.extra ?? ''}`;
}

const app = (fields: string): string => `        - { name: app, image: app:1, imageSize: 50MB${fields === '' ? '' : `, ${fields}`} }\n`;
const sidecar = (fields: string): string => `        - { name: log, image: log:1, imageSize: 10MB, essential: false${fields === '' ? '' : `, ${fields}`} }\n`;

function specOf(yaml: string): SimulationSpec {
  const loaded = loadScenario('t.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.spec;
}

const errorsOf = (yaml: string): string[] => yamlErrors(yaml, 't.yaml');

describe('ECS container resources', () => {
  it('without a task size, the task reserves its containers: the sum of cpu, and of memoryReservation else memory', () => {
    const td = specOf(ecs({ containers: app('cpu: 256, memory: 1024, memoryReservation: 512') + sidecar('cpu: 64, memory: 128') })).services[0]!.taskDefinition;
    expect(td.cpu).toBe(320_000); // 256 + 64 units, in shares
    expect(td.memoryMiB).toBe(640); // 512 (reservation) + 128 (no reservation: the hard limit)
    expect(td.containers.map((c) => [c.cpu, c.memoryMiB, c.memoryReservationMiB])).toEqual([
      [256_000, 1024, 512],
      [64_000, 128, undefined],
    ]);
  });

  it('a container without cpu counts 0, as DescribeTasks reports it', () => {
    expect(specOf(ecs({ containers: app('cpu: 512, memory: 256') + sidecar('memoryReservation: 64') })).services[0]!.taskDefinition.cpu).toBe(512_000);
  });

  it('with a task size, the task reserves it whatever its containers say', () => {
    const td = specOf(ecs({ task: '      cpu: 1024\n      memory: 2048\n', containers: app('cpu: 256, memoryReservation: 512') + sidecar('') })).services[0]!.taskDefinition;
    expect([td.cpu, td.memoryMiB]).toEqual([1_024_000, 2048]);
  });

  it("OOM-kills a leaking container at its own memory (the hard limit), else at the task's", () => {
    const own = specOf(ecs({ task: '      cpu: 256\n      memory: 2048\n', containers: app('memory: 512, memoryLeak: { perMinute: 64MiB }') }));
    expect(own.services[0]!.taskDefinition.failure).toEqual({ leakMiBPerMinute: 64, memoryLimitMiB: 512 });
    const task = specOf(ecs({ task: '      cpu: 256\n      memory: 2048\n', containers: app('memoryReservation: 512, memoryLeak: { perMinute: 64MiB }') }));
    expect(task.services[0]!.taskDefinition.failure).toEqual({ leakMiBPerMinute: 64 });
  });

  it("a deploy event's leak is OOM-killed at the first container's hard limit", () => {
    const spec = specOf(ecs({ containers: app('memory: 768') + sidecar('memoryReservation: 64'), extra: 'events:\n  - { at: 1m, deploy: { service: api, image: app:2, memoryLeak: { perMinute: 32MiB } } }\n' }));
    expect(spec.events[0]).toMatchObject({ kind: 'deploy', failure: { leakMiBPerMinute: 32, memoryLimitMiB: 768 } });
  });

  it('without a task-level memory every container needs memory or memoryReservation (the API message)', () => {
    expect(errorsOf(ecs({ containers: app('memory: 512') + sidecar('cpu: 64') }))).toEqual([
      "t.yaml:13:11: error: Invalid setting for container 'log'. At least one of 'memory' or 'memoryReservation' must be specified. (at services[0].taskDefinition.containerDefinitions[1])",
    ]);
  });

  it('memory, the hard limit, must be at least memoryReservation', () => {
    expect(errorsOf(ecs({ containers: app('memory: 256, memoryReservation: 512') }))).toEqual([
      "t.yaml:12:63: error: memory (256 MiB) must be greater than or equal to memoryReservation (512 MiB): memory is the hard limit, memoryReservation the soft one (at services[0].taskDefinition.containerDefinitions[0].memory)",
    ]);
  });

  it("the containers must fit the task size (RegisterTaskDefinition's messages)", () => {
    const task = '      cpu: 256\n      memory: 512\n';
    expect(errorsOf(ecs({ task, containers: app('memory: 1024') }))).toEqual([
      "t.yaml:14:63: error: The 'memory' setting for container 'app' is greater than for the task. (at services[0].taskDefinition.containerDefinitions[0].memory)",
    ]);
    expect(errorsOf(ecs({ task, containers: app('memoryReservation: 384') + sidecar('memoryReservation: 256') }))).toEqual([
      "t.yaml:12:15: error: The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'. (at services[0].taskDefinition.memory)",
    ]);
    expect(errorsOf(ecs({ task, containers: app('cpu: 200') + sidecar('cpu: 100') }))).toEqual([
      "t.yaml:11:12: error: The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'. (at services[0].taskDefinition.cpu)",
    ]);
    // Hard limits may add up to more than the task's memory: only each one is bounded.
    expect(errorsOf(ecs({ task, containers: app('memory: 512') + sidecar('memory: 512') }))).toEqual([]);
  });

  it('Fargate requires task-level cpu and memory', () => {
    expect(errorsOf(ecs({ launchType: 'FARGATE', containers: app('cpu: 256, memory: 512') }))).toEqual([
      "t.yaml:14:7: error: Fargate requires that 'cpu' be defined at the task level. (at services[0].taskDefinition)",
      "t.yaml:14:7: error: Fargate requires that 'memory' be defined at the task level. (at services[0].taskDefinition)",
    ]);
    expect(errorsOf(ecs({ launchType: 'FARGATE', task: '      cpu: 256\n      memory: 512\n', containers: app('cpu: 128, memoryReservation: 256') }))).toEqual([]);
  });

  it('a leak needs a limit: with neither a task-level memory nor its own memory it is never OOM-killed', () => {
    expect(errorsOf(ecs({ containers: app('memoryReservation: 256, memoryLeak: { perMinute: 10MiB }') }))).toEqual([
      "t.yaml:12:91: error: a memory leak ends in an OOM kill only under a memory limit: set taskDefinition.memory or the container's memory (its hard limit) (at services[0].taskDefinition.containerDefinitions[0].memoryLeak)",
    ]);
  });

  it('a task that reserves no CPU cannot serve load in fleetsim', () => {
    expect(errorsOf(ecs({ containers: app('memory: 256'), extra: '    load: { rps: 10, cpuPerRequest: 10ms }\n' }))).toEqual([
      "t.yaml:13:11: error: a task that reserves no CPU serves no requests in fleetsim's load model: set taskDefinition.cpu or its containers' cpu (at services[0].load)",
    ]);
  });

  it("Docker's minimum: a container's memory and memoryReservation are at least 6 MiB", () => {
    expect(errorsOf(ecs({ containers: app('memory: 4') }))).toEqual(['t.yaml:12:63: error: must be at least 6, got 4 (at services[0].taskDefinition.containerDefinitions[0].memory)']);
  });
});
