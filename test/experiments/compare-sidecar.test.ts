import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/experiments/compare.js';
import { readWorkload, variantScenario, type Workload } from '../../src/experiments/compare-variants.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

/** `fleetsim compare --sidecar`: each variant of the mesh's platform with and without it. */
const ROOT = resolve(__dirname, '..', '..');
const FILE = 'scenarios/seed/web-api.yaml';

function workload(): Workload {
  const r = readWorkload(FILE, readFileSync(join(ROOT, FILE), 'utf8'));
  if (!r.ok) throw new Error('diagnostics' in r ? r.diagnostics.map((d) => d.message).join('\n') : r.message);
  return r.workload;
}

describe('fleetsim compare --sidecar', () => {
  const w = workload();

  it('service-connect: the ECS EC2 variant with the mesh packs fewer tasks a node, costs more and starts later', () => {
    const result = runCompare(w, { variants: ['ecs-ec2', 'eks-managed'], sidecar: 'service-connect' });
    // EKS variants are left out: the mesh is ECS's.
    expect(result.variants.map((v) => v.variant.label)).toEqual(['ECS EC2 (on-demand)', 'ECS EC2 (on-demand) + Service Connect']);
    const [plain, meshed] = result.variants;
    expect(meshed!.tasksPerNode!).toBeLessThan(plain!.tasksPerNode!);
    expect(meshed!.cost.monthly.byCategory.compute).toBeGreaterThan(plain!.cost.monthly.byCategory.compute);
    expect(meshed!.startup.cachedP50!).toBeGreaterThan(plain!.startup.cachedP50!);
  });

  it('istio: the EKS variants on EC2 get the sidecar and istiod; the variant scenario says so', () => {
    const built = variantScenario(w, 'eks-karpenter-on-demand', { sidecar: 'istio' });
    expect(built.variant.label).toBe('EKS + Karpenter (on-demand) + Istio');
    const loaded = loadScenario('v.yaml', built.yaml);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
    expect(loaded.spec.services.map((s) => s.name)).toContain('istiod');
    expect(loaded.spec.services.find((s) => s.name === 'web')!.taskDefinition.containers.map((c) => c.name)).toEqual(['istio-init', 'istio-proxy', 'web']);
    // EKS on Fargate is not a variant Istio applies to in fleetsim.
    expect(variantScenario(w, 'eks-fargate', { sidecar: 'istio' }).variant.mesh).toBeUndefined();
  });
});
