import { describe, expect, it } from 'vitest';
import { withIstioSidecar, withServiceConnectProxy } from '../../src/model/mesh-injection.js';
import { ISTIO_PROXY, SERVICE_CONNECT_PROXY } from '../../src/model/params/service-mesh.js';
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_MILLICORE } from '../../src/model/resources.js';
import { inboundProxyHops, servingCpu, type ContainerDefinition, type TaskDefinition } from '../../src/model/task-definition.js';

/** src/model/mesh-injection.ts: what Service Connect and Istio do to a task definition. */
const app: ContainerDefinition = { name: 'app', image: 'app:1', imageSizeMiB: 50, layers: 3, essential: true, portMappings: [] };
const td = (cpuUnits: number, memoryMiB: number, containers: ContainerDefinition[] = [app]): TaskDefinition => ({
  family: 'app',
  revision: 1,
  cpu: cpuUnits * CPU_SHARES_PER_ECS_UNIT,
  memoryMiB,
  networkMode: 'awsvpc',
  containers,
  readyAfterMs: 2000,
});

describe('withServiceConnectProxy', () => {
  it('adds the Envoy proxy (256 CPU units, 64 MiB, never pulled) and the app waits for it to be HEALTHY', () => {
    const out = withServiceConnectProxy(td(256, 512), { addProxyResources: true, fargate: false });
    expect(out.cpu).toBe(512 * CPU_SHARES_PER_ECS_UNIT);
    expect(out.memoryMiB).toBe(576);
    expect(out.containers.map((c) => c.name)).toEqual([SERVICE_CONNECT_PROXY.containerName, 'app']);
    expect(out.containers[0]).toMatchObject({ sidecar: 'service-connect', preloaded: true, cpu: 256 * CPU_SHARES_PER_ECS_UNIT, memoryReservationMiB: 64 });
    expect(out.containers[1]!.dependsOn).toEqual([{ containerName: SERVICE_CONNECT_PROXY.containerName, condition: 'HEALTHY' }]);
    // The app serves with what the proxy does not reserve; load balancer traffic bypasses the proxy.
    expect(servingCpu(out)).toBe(256 * CPU_SHARES_PER_ECS_UNIT);
    expect(inboundProxyHops(out)).toBe(0);
  });

  it('on Fargate the grown task rounds up to the next Fargate size: 0.25 vCPU / 0.5 GB becomes 0.5 vCPU / 1 GB', () => {
    const out = withServiceConnectProxy(td(256, 512), { addProxyResources: true, fargate: true });
    expect([out.cpu / CPU_SHARES_PER_ECS_UNIT, out.memoryMiB]).toEqual([512, 1024]);
  });

  it('without addProxyResources the size stays: the proxy shares what the app does not reserve', () => {
    const out = withServiceConnectProxy(td(1024, 2048), { addProxyResources: false, fargate: false });
    expect([out.cpu / CPU_SHARES_PER_ECS_UNIT, out.memoryMiB]).toEqual([1024, 2048]);
  });
});

describe('withIstioSidecar', () => {
  it('adds istio-init and istio-proxy; the pod requests 100m and 128Mi more', () => {
    const pod = td(250, 256);
    const out = withIstioSidecar(pod, { nativeSidecar: true, holdApplicationUntilProxyStarts: false });
    expect(out.containers.map((c) => c.name)).toEqual([ISTIO_PROXY.initContainerName, ISTIO_PROXY.containerName, 'app']);
    expect(out.cpu - pod.cpu).toBe(100 * CPU_SHARES_PER_MILLICORE);
    expect(out.memoryMiB - pod.memoryMiB).toBe(128);
    expect(inboundProxyHops(out)).toBe(1);
  });

  it('native sidecar: the proxy starts after istio-init and the app waits for it to be ready', () => {
    const out = withIstioSidecar(td(250, 256), { nativeSidecar: true, holdApplicationUntilProxyStarts: false });
    const byName = new Map(out.containers.map((c) => [c.name, c]));
    expect(byName.get('istio-proxy')).toMatchObject({ init: true, dependsOn: [{ containerName: 'istio-init', condition: 'COMPLETE' }] });
    expect(byName.get('app')!.dependsOn).toEqual([
      { containerName: 'istio-init', condition: 'COMPLETE' },
      { containerName: 'istio-proxy', condition: 'HEALTHY' },
    ]);
  });

  it('legacy sidecar: the app starts beside the proxy unless held until it is ready', () => {
    const legacy = withIstioSidecar(td(250, 256), { nativeSidecar: false, holdApplicationUntilProxyStarts: false });
    expect(legacy.containers.find((c) => c.name === 'app')!.dependsOn).toEqual([{ containerName: 'istio-init', condition: 'COMPLETE' }]);
    const held = withIstioSidecar(td(250, 256), { nativeSidecar: false, holdApplicationUntilProxyStarts: true });
    expect(held.containers.find((c) => c.name === 'app')!.dependsOn).toContainEqual({ containerName: 'istio-proxy', condition: 'HEALTHY' });
  });

  it("legacy: the proxy, a regular container, starts only after the pod's own init containers too", () => {
    const migrate: ContainerDefinition = { ...app, name: 'migrate', essential: false, init: true, runsForMs: 5000 };
    const withInit = td(250, 256, [migrate, { ...app, dependsOn: [{ containerName: 'migrate', condition: 'COMPLETE' }] }]);
    const out = withIstioSidecar(withInit, { nativeSidecar: false, holdApplicationUntilProxyStarts: false });
    expect(out.containers.find((c) => c.name === 'istio-proxy')!.dependsOn).toContainEqual({ containerName: 'migrate', condition: 'COMPLETE' });
    expect(out.containers.find((c) => c.name === 'migrate')!.dependsOn).toEqual([{ containerName: 'istio-init', condition: 'COMPLETE' }]);
  });
});
