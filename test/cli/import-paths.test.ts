import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/**
 * A scenario may import only files inside its own folder (issue 15): an absolute path, `..` out
 * of the folder, a symbolic link to a file outside it and a URL are each refused with a located
 * one-line error and exit 2, before anything is read.
 */
const base = mkdtempSync(join(tmpdir(), 'fleetsim-import-paths-'));
const folder = join(base, 'scenario');
mkdirSync(folder);
const secret = join(base, 'secret.json');
writeFileSync(secret, '{ "family": "stolen", "containerDefinitions": [] }\n');
symlinkSync(secret, join(folder, 'link.json'));
writeFileSync(join(folder, 'task.json'), '{ "family": "web", "containerDefinitions": [{ "name": "web", "image": "web:1", "memory": 512 }] }\n');
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function validate(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  writeFileSync(join(folder, 's.yaml'), `name: s\nduration: 1m\nimports:\n  - ecsTaskDefinition: ${path}\nservices:\n  - { serviceName: web, desiredCount: 1 }\n`);
  let stdout = '';
  let stderr = '';
  const code = await main(['validate', 'scenario/s.yaml'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: base, isTTY: false });
  return { code, stdout, stderr };
}

describe('paths a scenario imports', () => {
  it.each([
    ['an absolute path', secret, `ecsTaskDefinition '${secret}' is an absolute path; name the file relative to the scenario's folder`],
    ['.. out of the folder', '../secret.json', "ecsTaskDefinition '../secret.json' leaves the scenario's folder ('..'); keep the file beside the scenario or below it"],
    ['a symbolic link out of the folder', 'link.json', "ecsTaskDefinition 'link.json' is a symbolic link to a file outside the scenario's folder"],
    ['a URL', 'https://example.com/task.json', "ecsTaskDefinition 'https://example.com/task.json' is a URL; fleetsim reads only files in the scenario's folder"],
  ])('refuses %s with a located error, exit 2', async (_what, path, message) => {
    const { code, stdout, stderr } = await validate(path);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`scenario/s.yaml:4:24: error: ${message} (at imports[0].ecsTaskDefinition)\n`);
  });

  it('reads a file beside the scenario', async () => {
    const { code, stderr } = await validate('./sub/../task.json');
    expect(stderr).toContain('scenario/s.yaml: imported scenario/task.json (ecsTaskDefinition)');
    expect(code).toBe(0);
  });
});
