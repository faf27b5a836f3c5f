import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../../src/cli/read-scenario.js';
import { formatDiagnostic } from '../../../src/scenario/diagnostics.js';
import { formatImportNote } from '../../../src/scenario/import/import-notes.js';
import { loadScenario } from '../../../src/scenario/load-scenario.js';
import { CPU_SHARES_PER_MILLICORE } from '../../../src/model/resources.js';
import { ROOT, runChecked } from '../../support/scenario-runner.js';

function load(file: string) {
  const loaded = readScenario(ROOT, file);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return loaded;
}

const manifests = readFileSync(join(ROOT, 'examples/kubernetes/storefront.k8s.yaml'), 'utf8');
const scenario = readFileSync(join(ROOT, 'examples/kubernetes/storefront.yaml'), 'utf8');
const withManifests = (text: string) => loadScenario('storefront.yaml', scenario, { readFile: (p) => (p === 'storefront.k8s.yaml' ? text : undefined) });
const errors = (result: ReturnType<typeof loadScenario>): string[] => (result.ok ? [] : result.diagnostics.map(formatDiagnostic));

describe('importing Kubernetes manifests', () => {
  it('turns a Deployment with its HPA, PDB, PriorityClass and ALB Ingress into a workload', () => {
    const { spec } = load('examples/kubernetes/storefront.yaml');
    const w = spec.services.find((s) => s.name === 'storefront')!;
    expect(w.kind).toBe('deployment');
    expect(w.desiredCount).toBe(6);
    expect(w.taskDefinition.cpu).toBe(512_000); // 500m
    expect(w.taskDefinition.memoryMiB).toBe(768);
    expect(w.taskDefinition.containers[0]).toMatchObject({ name: 'storefront', imageSizeMiB: 134 });
    expect(w.taskDefinition.readyAfterMs).toBe(6_000);
    expect(w.taskDefinition.healthCheck).toMatchObject({ kind: 'k8s-readiness', intervalMs: 5_000, failureThreshold: 3 });
    expect(w.taskDefinition.shutdown?.stopTimeoutMs).toBe(45_000);
    expect(w.rollingUpdate).toMatchObject({ maxSurge: '25%', maxUnavailable: 0, minReadyMs: 5_000, progressDeadlineMs: 600_000 });
    expect(w.hpa).toMatchObject({ minReplicas: 6, maxReplicas: 40 });
    expect(w.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(w.loadBalancer).toMatchObject({ healthCheckIntervalMs: 10_000, healthyThreshold: 2, deregistrationDelayMs: 30_000 });
    expect(w.podScheduling.priority).toBe(100_000);
    expect(w.podScheduling.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(spec.cluster.platform).toBe('eks');
    expect(spec.cluster.karpenter?.nodePools.map((p) => [p.name, p.requirements.length, p.disruption.consolidateAfterMs, p.disruption.expireAfterMs])).toEqual([['general', 4, 60_000, 720 * 3_600_000]]);
  });

  it('keeps the Secrets a container reads (secretKeyRef, envFrom secretRef) and leaves ConfigMaps and literal values out', () => {
    const edited = manifests.replace(
      `          envFrom:
            - configMapRef:
                name: storefront-config`,
      `          envFrom:
            - configMapRef:
                name: storefront-config
            - secretRef:
                name: storefront-api-keys
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: storefront-db
                  key: password`,
    );
    expect(edited).not.toBe(manifests);
    const result = withManifests(edited.replace(/\n {10}env:\n {12}- name: NODE_ENV\n {14}value: production/, '\n            - name: NODE_ENV\n              value: production'));
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    const w = result.spec.services.find((x) => x.name === 'storefront')!;
    expect(w.taskDefinition.containers[0]!.secrets).toEqual([
      { valueFrom: 'storefront-db', store: 'kubernetes', key: 'password', optional: false, registryAuth: false },
      { valueFrom: 'storefront-api-keys', store: 'kubernetes', key: null, optional: false, registryAuth: false },
    ]);
  });

  it('accounts for every field of every document, naming the document', () => {
    const notes = load('examples/kubernetes/storefront.yaml').imports!.notes.map(formatImportNote);
    expect(notes).toContain('examples/kubernetes/storefront.k8s.yaml:12:7: ignored: ConfigMap/storefront-config kind: a ConfigMap changes neither scheduling nor start-up (configuration the app reads)');
    expect(notes).toContain('examples/kubernetes/storefront.k8s.yaml:69:13: ignored: Deployment/storefront spec.template.spec.containers[0].envFrom: environment variables configure the app, not its scheduling or start-up');
    expect(notes.filter((n) => n.includes(': warning: '))).toEqual([
      'examples/kubernetes/storefront.k8s.yaml:182:9: warning: NodePool/general spec.template.metadata.labels: not modelled, and it would change the answer: labels on the nodes: pods that select them stay pending in fleetsim (use requirements with In)',
    ]);
  });

  it('imports every modelled kind and pod field, and warns of the ones it does not run', () => {
    const loaded = load('test/fixtures/imports/eks.yaml');
    const names = loaded.spec.services.map((s) => s.name);
    expect(names).toEqual(['api', 'cache', 'coredns']); // and the CoreDNS EKS runs
    const api = loaded.spec.services[0]!;
    expect(api.podScheduling).toMatchObject({ priority: 1000, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'PreferNoSchedule' }] });
    expect(api.podScheduling.topologySpreadConstraints).toHaveLength(1);
    expect(api.hpa?.metrics).toHaveLength(1); // the Pods metric is not modelled
    expect(api.podDisruptionBudget).toEqual({ minAvailable: 2 });
    expect(api.loadBalancer).toMatchObject({ healthCheckIntervalMs: 5_000, healthCheckTimeoutMs: 3_000, healthyThreshold: 3, unhealthyThreshold: 2, deregistrationDelayMs: 15_000 });
    const warnings = loaded.imports!.notes.filter((n) => n.kind === 'warning').map((n) => `${n.line}: ${n.path}`);
    expect(warnings).toEqual(['88: HorizontalPodAutoscaler/api spec.metrics[1].pods']);
    // The DaemonSet is a daemon: its pod's requests on every node it selects (here every node: it tolerates every taint), no pod address with hostNetwork.
    expect(loaded.spec.cluster.daemons).toEqual([
      { name: 'log-agent', cpu: 100 * CPU_SHARES_PER_MILLICORE, memoryMiB: 200, ownAddress: false, podScheduling: expect.objectContaining({ namespace: 'kube-system', tolerations: [{ operator: 'Exists' }] }) },
    ]);
    // The EC2NodeClass's kubelet.maxPods is the max pods Karpenter gives the nodes of the pools that use it.
    expect(loaded.spec.cluster.karpenter?.nodePools.find((p) => p.name === 'burst')?.kubelet).toEqual({ maxPods: 58 });
    expect(loaded.spec.cluster.autoScalingGroups.map((g) => [g.name, g.instanceType.name, g.desiredCapacity, g.availabilityZones])).toEqual([['system', 'm6g.large', 3, ['us-east-1a', 'us-east-1b']]]);
    expect(loaded.spec.cluster.name).toBe('shop');
  });

  it('carries the pod’s imagePullSecrets: the logins its Docker Hub pulls count against', () => {
    const result = withManifests(manifests.replace('      terminationGracePeriodSeconds: 45\n', '      terminationGracePeriodSeconds: 45\n      imagePullSecrets:\n        - name: dockerhub-login\n'));
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.spec.services.find((s) => s.name === 'storefront')!.taskDefinition.imagePullSecrets).toEqual(['dockerhub-login']);
    expect(result.imports!.notes.map(formatImportNote).filter((n) => n.includes('imagePullSecrets'))).toEqual([]);
  });

  it('carries each container’s imagePullPolicy (modelled: when kubelet asks the registry), and leaves an absent one to the default', () => {
    const { spec, imports } = load('examples/kubernetes/storefront.yaml');
    expect(spec.services.find((s) => s.name === 'storefront')!.taskDefinition.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
    expect(imports!.notes.map(formatImportNote).filter((n) => n.includes('imagePullPolicy'))).toEqual([]);
    const always = withManifests(manifests.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: Always'));
    expect(errors(always)).toEqual([]);
    if (always.ok) expect(always.spec.services.find((s) => s.name === 'storefront')!.taskDefinition.containers[0]!.imagePullPolicy).toBe('Always');
    const unset = withManifests(manifests.replace('          imagePullPolicy: IfNotPresent\n', ''));
    expect(errors(unset)).toEqual([]);
    if (unset.ok) expect(unset.spec.services.find((s) => s.name === 'storefront')!.taskDefinition.containers[0]!.imagePullPolicy).toBeUndefined();
  });

  it('rejects an imagePullPolicy Kubernetes does not have, in its document', () => {
    const result = withManifests(manifests.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: IfMissing'));
    expect(errors(result)).toHaveLength(1);
    expect(errors(result)[0]).toMatch(/^storefront\.k8s\.yaml:63:\d+: error: .*imagePullPolicy/);
  });

  it('rejects a field Kubernetes does not have, with a did-you-mean, in its document', () => {
    const result = withManifests(manifests.replace('      terminationGracePeriodSeconds: 45', '      terminationGracePeriodSecond: 45'));
    expect(errors(result)).toEqual([
      "storefront.k8s.yaml:50:7: error: unknown field 'terminationGracePeriodSecond' (did you mean 'terminationGracePeriodSeconds'?) (at Deployment/storefront spec.template.spec.terminationGracePeriodSecond)",
    ]);
  });

  it('reads each kind at the API version fleetsim knows', () => {
    const result = withManifests(manifests.replace('apiVersion: autoscaling/v2', 'apiVersion: autoscaling/v1'));
    expect(errors(result)).toEqual(["storefront.k8s.yaml:136:13: error: HorizontalPodAutoscaler is read as autoscaling/v2, got 'autoscaling/v1' (at HorizontalPodAutoscaler/storefront apiVersion)"]);
  });

  it('locates a compiler problem in the manifest that set the field', () => {
    const result = withManifests(manifests.replace('              memory: 1Gi', '              memory: 512Mi'));
    expect(errors(result)).toEqual([expect.stringMatching(/^storefront\.k8s\.yaml:7\d:\d+: error: .*/)]);
  });
});

describe('an ALB Ingress whose Service selects only DaemonSet pods', () => {
  it('is noted as reaching no imported workload (a daemon takes no traffic in fleetsim), not dropped in silence', () => {
    const manifest = [
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent }\nspec:\n  selector: { matchLabels: { app: agent } }\n  template:\n    metadata: { labels: { app: agent } }\n    spec:\n      containers: [{ name: agent, image: agent:1, resources: { requests: { cpu: 100m, memory: 64Mi } } }]',
      'apiVersion: v1\nkind: Service\nmetadata: { name: agent }\nspec: { selector: { app: agent }, ports: [{ port: 80 }] }',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: agent }\nspec:\n  ingressClassName: alb\n  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: agent, port: { number: 80 } } } }] } }]',
    ].join('\n---\n');
    const result = loadScenario('s.yaml', 'name: s\nduration: 1m\nimports: [{ kubernetes: m.yaml }]\ncluster: { platform: eks, vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] }, nodeGroups: [{ name: ng, instanceType: m5.large, desiredSize: 1, availabilityZones: [us-east-1a] }] }\n', { readFile: () => manifest });
    const notes = result.ok ? result.imports!.notes.map(formatImportNote) : errors(result);
    expect(notes.filter((n) => n.includes('reaches no'))).toEqual(['m.yaml:16:1: ignored: Ingress/agent: Ingress agent reaches no imported workload']);
  });
});

describe('kinds fleetsim does not read', () => {
  const manifest = (kind: string) => `apiVersion: apps/v1\nkind: ${kind}\nmetadata: { name: x }\n`;
  const load = (kind: string) => loadScenario('s.yaml', 'name: s\nduration: 1m\nimports: [{ kubernetes: m.yaml }]\ncluster: { platform: eks, vpc: { subnets: [{ az: us-east-1a, cidr: 10.0.0.0/20 }] } }\n', { readFile: () => manifest(kind) });

  it('calls a misspelt kind an error, with a did-you-mean', () => {
    expect(errors(load('Deploymnet'))).toEqual(["m.yaml:2:7: error: unknown kind 'Deploymnet' (did you mean 'Deployment'?) (at kind)"]);
  });

  it('warns of a kind it does not model, which may change the answer', () => {
    const result = load('Rollout');
    expect(result.ok ? result.imports!.notes.map(formatImportNote) : errors(result)).toEqual(['m.yaml:2:7: warning: kind: apps/v1 Rollout is not modelled: not imported, and it may change the answer']);
  });
});

/** A StorageClass (io2, reclaimPolicy Retain) and a StatefulSet of 3 with whenScaled Delete, beside the storefront's manifests. */
const STATEFUL_SET_MANIFESTS = `
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ebs-io2
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
parameters: { type: io2, iops: "3000" }
allowedTopologies:
  - matchLabelExpressions: [{ key: topology.ebs.csi.aws.com/zone, values: [us-east-1a, us-east-1b] }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db
  replicas: 3
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - { name: postgres, image: postgres:16, resources: { requests: { cpu: 500m, memory: 1Gi } } }
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { accessModes: [ReadWriteOnce], storageClassName: ebs-io2, resources: { requests: { storage: 50Gi } } }
  persistentVolumeClaimRetentionPolicy: { whenScaled: Delete, whenDeleted: Delete }
`;

describe('importing a StatefulSet with volumeClaimTemplates and its StorageClass', () => {
  it('reads the claims, the policy and the StorageClass instead of reporting them unmodelled', () => {
    const extra = STATEFUL_SET_MANIFESTS;
    const result = withManifests(manifests + extra);
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    const db = result.spec.services.find((s) => s.name === 'db')!;
    expect(db.kind).toBe('deployment');
    expect(db.statefulSet).toEqual({
      podManagementPolicy: 'OrderedReady',
      volumeClaimTemplates: [{ name: 'data', storageClassName: 'ebs-io2', sizeGiB: 50 }],
      // whenDeleted Delete would act only when the StatefulSet is deleted, which fleetsim never does:
      // a warning (below), and the scenario keeps the default.
      persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' },
      // No updateStrategy in the manifest: the API server's default.
      updateStrategy: { type: 'RollingUpdate', partition: 0, maxUnavailable: null },
    });
    expect(result.spec.cluster.storageClasses?.get('ebs-io2')).toEqual({ name: 'ebs-io2', volumeBindingMode: 'WaitForFirstConsumer', volumeType: 'io2', allowedZones: ['us-east-1a', 'us-east-1b'], reclaimPolicy: 'Retain' });
    const notes = (result.imports?.notes ?? []).map(formatImportNote).join('\n');
    expect(notes).not.toContain('persistent volumes (EBS) bind each pod');
    expect(notes).toContain('provisioned IOPS');
    // reclaimPolicy and whenScaled act (a claim deleted on scale-in): neither is reported as ignored.
    expect(notes).not.toMatch(/reclaimPolicy/);
    expect(notes).not.toMatch(/whenScaled/);
    // whenDeleted Delete is carried but never acts (no event deletes a StatefulSet): said, not claimed as modelled.
    expect(notes).toMatch(/StatefulSet\/db .*whenDeleted: .*never deletes a StatefulSet/);
  });

  it('reads updateStrategy: its type, partition and maxUnavailable, warning that maxUnavailable does not act', () => {
    const strategy = '  updateStrategy: { type: RollingUpdate, rollingUpdate: { partition: 2, maxUnavailable: 2 } }\n';
    const result = withManifests(manifests + STATEFUL_SET_MANIFESTS + strategy);
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    // maxUnavailable 2 does not act (its feature gate): a warning, and the scenario keeps the default, as for whenDeleted.
    expect(result.spec.services.find((s) => s.name === 'db')!.statefulSet!.updateStrategy).toEqual({ type: 'RollingUpdate', partition: 2, maxUnavailable: null });
    const notes = (result.imports?.notes ?? []).map(formatImportNote);
    expect(notes.filter((n) => n.includes('updateStrategy'))).toEqual([expect.stringMatching(/warning: .*StatefulSet\/db .*updateStrategy\.rollingUpdate\.maxUnavailable.*MaxUnavailableStatefulSet.*one pod at a time/)]);
    // maxUnavailable 1 (the default) is what fleetsim does: no warning; OnDelete is read as such.
    const onDelete = withManifests(manifests + STATEFUL_SET_MANIFESTS + '  updateStrategy: { type: OnDelete }\n');
    expect(onDelete.ok && onDelete.spec.services.find((s) => s.name === 'db')!.statefulSet!.updateStrategy.type).toBe('OnDelete');
    const one = withManifests(manifests + STATEFUL_SET_MANIFESTS + '  updateStrategy: { rollingUpdate: { maxUnavailable: 1 } }\n');
    expect(one.ok && (one.imports?.notes ?? []).map(formatImportNote).filter((n) => n.includes('updateStrategy'))).toEqual([]);
    expect(one.ok && one.spec.services.find((s) => s.name === 'db')!.statefulSet!.updateStrategy).toEqual({ type: 'RollingUpdate', partition: 0, maxUnavailable: 1 });
  });

  it("acts on the manifest's policies: a scale-in deletes the condemned ordinals' claims, and reclaimPolicy Retain keeps their volumes", () => {
    // At 4m, when db-0..2 run (the storefront's higher-priority pods preempt them later).
    const scaled = `${scenario}events:\n  - { at: 4m, scale: { workload: db, replicas: 1 } }\n`;
    const result = loadScenario('storefront.yaml', scaled, { readFile: (p) => (p === 'storefront.k8s.yaml' ? manifests + STATEFUL_SET_MANIFESTS : undefined) });
    expect(errors(result)).toEqual([]);
    if (!result.ok) return;
    const { records, violations } = runChecked(result.spec);
    expect(violations).toEqual([]);
    const deleted = records.flatMap((r) => (r.type === 'volume.claim-deleted' ? [[r.claim, r.reclaimPolicy]] : []));
    expect(deleted).toEqual([
      ['data-db-2', 'Retain'],
      ['data-db-1', 'Retain'],
    ]);
    expect(records.filter((r) => r.type === 'volume.deleted')).toHaveLength(0);
    expect(records.filter((r) => r.type === 'volume.provisioned' && r.service === 'db')).toHaveLength(3);
  });
});
