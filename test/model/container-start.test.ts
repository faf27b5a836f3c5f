import { describe, expect, it } from 'vitest';
import { containerStartPlan, needsStartPlan, startRefusal } from '../../src/model/container-start.js';
import type { ContainerDefinition, TaskDefinition } from '../../src/model/task-definition.js';

/** src/model/container-start.ts: the order containers start in, and the starts that fail. */
const c = (name: string, fields: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name, image: `${name}:1`, imageSizeMiB: 10, layers: 1, essential: true, portMappings: [], ...fields });
const td = (containers: ContainerDefinition[], fields: Partial<TaskDefinition> = {}): TaskDefinition => ({ family: 'f', revision: 1, cpu: 0, memoryMiB: 0, networkMode: 'awsvpc', containers, readyAfterMs: 1000, ...fields });
/** Draws 100, 200, 300, ... ms in turn, so each container's own start is visible. */
const draws = (): (() => number) => {
  let n = 0;
  return () => (n += 100);
};

describe('containerStartPlan', () => {
  it('without dependencies every container starts on its own draw; nothing waits', () => {
    const plan = containerStartPlan([c('a'), c('b')], draws());
    expect(plan).toEqual({ allStartedMs: 200, dependencyWaitMs: 0, order: ['a', 'b'], proxyLagMs: 0 });
  });

  it('START waits for the start, HEALTHY for readiness, COMPLETE for the exit', () => {
    const init = c('init', { essential: false, runsForMs: 3000 });
    const proxy = c('proxy', { readyAfterMs: 2000, sidecar: 'app-mesh', dependsOn: [{ containerName: 'init', condition: 'COMPLETE' }] });
    const app = c('app', { dependsOn: [{ containerName: 'proxy', condition: 'HEALTHY' }] });
    const logs = c('logs', { essential: false, dependsOn: [{ containerName: 'app', condition: 'START' }] });
    const plan = containerStartPlan([init, proxy, app, logs], draws());
    // init 100; proxy 100 + 3000 + 200 = 3300; app 3300 + 2000 + 300 = 5600; logs 5600 + 400 = 6000.
    expect(plan.order).toEqual(['init', 'proxy', 'app', 'logs']);
    expect(plan.allStartedMs).toBe(6000);
    expect(plan.dependencyWaitMs).toBe(5600);
    expect(plan.proxyLagMs).toBe(0);
  });

  it('a proxy started beside the app is ready after it: the lag an app connecting at start meets', () => {
    const plan = containerStartPlan([c('proxy', { sidecar: 'istio', readyAfterMs: 1500 }), c('app')], draws());
    // proxy starts at 100, ready at 1600; the app starts at 200.
    expect(plan.proxyLagMs).toBe(1400);
    expect(needsStartPlan([c('proxy', { sidecar: 'istio' }), c('app')])).toBe(true);
    expect(needsStartPlan([c('app'), c('logs')])).toBe(false);
  });

  it('throws on a cycle (the scenario compiler reports it first)', () => {
    expect(() => containerStartPlan([c('a', { dependsOn: [{ containerName: 'b', condition: 'START' }] }), c('b', { dependsOn: [{ containerName: 'a', condition: 'START' }] })], draws())).toThrow(/cycle/);
  });
});

describe('startRefusal', () => {
  it('an image without the host architecture exits at once with exec format error, on every start', () => {
    const amd64Only = td([c('app', { platforms: ['x86_64'] })]);
    expect(startRefusal(amd64Only, 'arm64', 0, true)).toMatchObject({ afterMs: 0, exitCode: 1, container: 'app', cause: { kind: 'exec-format-error', architecture: 'arm64' } });
    expect(startRefusal(amd64Only, 'arm64', 0, false)).not.toBeNull();
    expect(startRefusal(amd64Only, 'x86_64', 0, true)).toBeNull();
    expect(startRefusal(td([c('app')]), 'arm64', 0, true)).toBeNull(); // no platforms: multi-arch
  });

  it("start-up calls before the proxy is ready fail the app's first start only", () => {
    const app = td([c('proxy', { sidecar: 'istio', essential: true }), c('app')], { connectsAfterMs: 500 });
    expect(startRefusal(app, 'x86_64', 1400, true)).toMatchObject({ afterMs: 500, exitCode: 1, container: 'app', cause: { kind: 'proxy-not-ready', proxyLagMs: 1400 } });
    expect(startRefusal(app, 'x86_64', 400, true)).toBeNull();
    expect(startRefusal(app, 'x86_64', 1400, false)).toBeNull();
  });
});
