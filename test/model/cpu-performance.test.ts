import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { taskLoad, type LoadSpec } from '../../src/model/load.js';
import { PROXY_CPU_PER_REQUEST_MS } from '../../src/model/params/service-mesh.js';
import { CPU_PERFORMANCE, familyPerformance, fargatePerformance, instancePerformance } from '../../src/model/params/cpu-performance.js';

/** src/model/params/cpu-performance.ts and its use in the load model. */
describe('per-vCPU performance by family', () => {
  it.each([
    ['m5', 'x86_64', CPU_PERFORMANCE.x86Gen5],
    ['c5', 'x86_64', CPU_PERFORMANCE.x86Gen5],
    ['t3', 'x86_64', CPU_PERFORMANCE.x86Gen5],
    ['m6i', 'x86_64', CPU_PERFORMANCE.x86Gen6],
    ['c6a', 'x86_64', CPU_PERFORMANCE.x86Gen6],
    ['c7i-flex', 'x86_64', CPU_PERFORMANCE.x86Gen7],
    ['m6g', 'arm64', CPU_PERFORMANCE.graviton2],
    ['t4g', 'arm64', CPU_PERFORMANCE.graviton2],
    ['c7g', 'arm64', CPU_PERFORMANCE.graviton3],
    ['m8g', 'arm64', CPU_PERFORMANCE.graviton4],
  ] as const)('%s (%s)', (family, arch, expected) => {
    expect(familyPerformance(family, arch)).toBe(expected);
  });

  it('reads the architecture from the catalog and ranks the generations', () => {
    expect(instancePerformance(getInstanceType('m7g.xlarge')!)).toBe(CPU_PERFORMANCE.graviton3);
    expect(CPU_PERFORMANCE.graviton2).toBeGreaterThan(CPU_PERFORMANCE.x86Gen5);
    expect(CPU_PERFORMANCE.graviton3).toBeGreaterThan(CPU_PERFORMANCE.graviton2);
    expect(fargatePerformance('arm64')).toBe(CPU_PERFORMANCE.graviton2);
  });
});

describe('taskLoad with a serving shape', () => {
  const spec: LoadSpec = { rps: { kind: 'constant', rps: 0 }, cpuPerRequestMs: 35, baseLatencyMs: 60 };

  it('a faster vCPU serves more per task: utilization falls by the speed', () => {
    const ref = taskLoad(spec, 100, 10, 1);
    const fast = taskLoad(spec, 100, 10, { vcpu: 1, speed: 1.4, addedLatencyMs: 0 });
    expect(ref.utilization).toBeCloseTo(0.35, 10);
    expect(fast.utilization).toBeCloseTo(0.25, 10);
  });

  it('a shape of speed 1 and no proxy is exactly the plain vCPU form', () => {
    expect(taskLoad(spec, 170, 7, { vcpu: 1.5, speed: 1, addedLatencyMs: 0 })).toEqual(taskLoad(spec, 170, 7, 1.5));
  });

  it("a proxy hop adds its latency to every served request's response time", () => {
    const plain = taskLoad(spec, 100, 10, 1);
    const meshed = taskLoad(spec, 100, 10, { vcpu: 1, speed: 1, addedLatencyMs: 2.65 });
    expect(meshed.latencyMs - plain.latencyMs).toBeCloseTo(2.65, 10);
  });

  it("a proxy's CPU per request comes out of its own reservation first: the app serves as much, the task-level utilization counts both", () => {
    // Istio's defaults: the app 500m, istio-proxy 100m; 20 ms a request leaves the proxy 7m at 20 rps.
    const cheap: LoadSpec = { ...spec, cpuPerRequestMs: 20 };
    const istio = { vcpu: 0.5, speed: 1, addedLatencyMs: 0, proxyVcpu: 0.1, proxyCpuPerRequestMs: PROXY_CPU_PER_REQUEST_MS };
    const load = taskLoad(cheap, 200, 10, istio);
    expect(load.servedRps).toBe(20);
    expect(load.utilization).toBeCloseTo((20 * (20 + 0.35)) / 600, 10);
    expect(taskLoad(cheap, 1000, 10, istio).servedRps).toBeCloseTo(25, 10);
  });

  it("beyond the proxy's reservation its CPU comes out of the app's: a task serves fewer cheap requests", () => {
    const tiny: LoadSpec = { ...spec, cpuPerRequestMs: 1 };
    const proxied = { vcpu: 0.25, speed: 1, addedLatencyMs: 0, proxyVcpu: 0.05, proxyCpuPerRequestMs: PROXY_CPU_PER_REQUEST_MS };
    const saturated = taskLoad(tiny, 10_000, 10, proxied);
    expect(saturated.servedRps).toBeCloseTo(300 / 1.35, 10);
    expect(saturated.servedRps).toBeLessThan(taskLoad(tiny, 10_000, 10, 0.25).servedRps);
    expect(saturated.utilization).toBeCloseTo(1, 10);
  });

  it('a proxy off the load balancer\'s path (Service Connect) costs no CPU per request, but its reservation counts in the utilization', () => {
    const sc = taskLoad(spec, 50, 10, { vcpu: 0.25, speed: 1, addedLatencyMs: 0, proxyVcpu: 0.25, proxyCpuPerRequestMs: 0 });
    const plain = taskLoad(spec, 50, 10, 0.25);
    expect(sc.servedRps).toBe(plain.servedRps);
    expect(sc.latencyMs).toBe(plain.latencyMs);
    expect(sc.utilization).toBeCloseTo(plain.utilization / 2, 10);
  });
});

