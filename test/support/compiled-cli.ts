import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

/** The repository root. */
export const ROOT = resolve(__dirname, '..', '..');

/**
 * The CLI as `npx fleetsim` runs it, for tests that need a real process (worker threads, signals).
 * vitest runs the TypeScript sources; a full `tsc` build takes longer than a suite may, so this
 * transpiles src/ file by file (the project sets isolatedModules, so that is exactly what tsc
 * emits, minus type checking) into node_modules/.cache (where the compiled code resolves its
 * dependencies), lays it out like the package (bin/, dist/src/) and returns its folder.
 * `removeCompiledCli` deletes it.
 */
export function compileCli(prefix: string): { dir: string; bin: string } {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', prefix));
  transpileTree(join(ROOT, 'src'), join(dir, 'dist', 'src'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fleetsim-test-build', type: 'module' }));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'fleetsim.js'), join(dir, 'bin', 'fleetsim.js'));
  return { dir, bin: join(dir, 'bin', 'fleetsim.js') };
}

export function removeCompiledCli(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

function transpileTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const path = join(from, name);
    if (statSync(path).isDirectory()) {
      transpileTree(path, join(to, name));
    } else if (name.endsWith('.ts')) {
      const out = ts.transpileModule(readFileSync(path, 'utf8'), {
        fileName: path,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, name.replace(/\.ts$/, '.js')), out.outputText);
    }
  }
}
