import { resolve } from 'node:path';
import { main } from '../../src/cli/main.js';

/** The repository root: CLI tests run with it as the working directory. */
export const ROOT = resolve(__dirname, '..', '..');

/** Runs `fleetsim <argv>` in process (no TTY) and returns its exit code and captured output. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: ROOT, isTTY: false });
  return { code, stdout, stderr };
}
