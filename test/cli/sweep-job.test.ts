import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/**
 * The container artefacts cannot run here (no Docker engine, no cluster), so they are checked
 * by reading them: the Job manifest parses and is an Indexed Job whose completion index is the
 * shard, and its command line is one the CLI accepts.
 */
const ROOT = resolve(__dirname, '..', '..');

/** Parsed Kubernetes objects: read loosely, checked field by field. */
type Manifest = any;

function manifests(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(join(ROOT, file), 'utf8'));
  for (const d of docs) expect(d.errors, file).toEqual([]);
  return docs.map((d) => d.toJS());
}

const flag = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};

describe('deploy/k8s/sweep-job.yaml', () => {
  const docs = manifests('deploy/k8s/sweep-job.yaml');
  const job = docs.find((d) => d.kind === 'Job');
  const container = job.spec.template.spec.containers[0];
  const args: string[] = container.args;

  it('is an Indexed Job with one completion per shard', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(Number.isInteger(job.spec.completions) && job.spec.completions >= 1).toBe(true);
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(args.every((a) => typeof a === 'string')).toBe(true);
  });

  it('wires the completion index to --shard INDEX/COUNT and to the output folder', () => {
    expect(args[0]).toBe('sweep');
    expect(flag(args, '--shard')).toBe(`$(JOB_COMPLETION_INDEX)/${job.spec.completions}`);
    expect(flag(args, '--out')).toBe('/results/shard-$(JOB_COMPLETION_INDEX)');
    const env = container.env.find((e: Manifest) => e.name === 'JOB_COMPLETION_INDEX');
    expect(env.valueFrom.fieldRef.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
  });

  it('writes to a shared ReadWriteMany volume that the merge Job reads', () => {
    const pvc = docs.find((d) => d.kind === 'PersistentVolumeClaim');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    const volume = job.spec.template.spec.volumes.find((v: Manifest) => v.persistentVolumeClaim?.claimName === pvc.metadata.name);
    const mount = container.volumeMounts.find((m: Manifest) => m.name === volume.name);
    expect(flag(args, '--out')!.startsWith(`${mount.mountPath}/`)).toBe(true);

    const merge = manifests('deploy/k8s/merge-job.yaml').find((d) => d.kind === 'Job');
    const mergeSpec = merge.spec.template.spec;
    expect(mergeSpec.containers[0].args).toEqual(['merge', mount.mountPath, '--out', `${mount.mountPath}/merged`]);
    expect(mergeSpec.volumes[0].persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
    expect(mergeSpec.containers[0].volumeMounts[0].mountPath).toBe(mount.mountPath);
  });

  it('runs a command line the CLI accepts (a shard of a smaller sweep, here)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-job-'));
    const index = String(job.spec.completions - 1);
    const local = args.map((a) => a.replaceAll('$(JOB_COMPLETION_INDEX)', index).replace(/^\/results/, out));
    local[local.indexOf('--seeds') + 1] = `1..${job.spec.completions}`;
    local[local.indexOf('--workers') + 1] = '1';
    let stderr = '';
    const code = await main(local, { stdout: () => undefined, stderr: (s) => (stderr += s), cwd: ROOT, isTTY: false });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(join(out, `shard-${index}`)).sort()).toEqual(['sweep.csv', 'sweep.json']);
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  it('builds on node:20 with npm ci and has the CLI as its entrypoint', () => {
    expect(text).toMatch(/^FROM node:20\S* AS build$/m);
    expect(text).toMatch(/^RUN npm ci$/m);
    expect(text).toMatch(/^ENTRYPOINT \["node", "\/app\/bin\/fleetsim\.js"\]$/m);
    for (const dir of ['bin', 'src', 'bench', 'scenarios']) expect(text).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
  });
});
