import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Options } from 'yargs';
import { PlacementRegistry, PluginRegistrationError } from '../policy/placement-registry.js';
import { DEFAULT_CALL_BUDGET_MS } from '../policy/plugin-guard.js';
import type { PlacementPlugin } from '../policy/placement-plugin.js';
import { wholeNumber } from './shared-options.js';

/** The options of the commands that take placement plugins (`run`, `validate`, `placement-bench`). */
export const PLUGIN_OPTIONS = {
  plugin: { type: 'string', array: true, describe: 'An ES module adding placement plugins (strategies, scheduler plugins, policies); repeatable' },
  'plugin-budget': {
    type: 'number',
    nargs: 1,
    coerce: wholeNumber('plugin-budget'),
    default: DEFAULT_CALL_BUDGET_MS,
    describe: 'The longest one call into a loaded plugin may take, ms (a slower call stops the run, exit 2)',
  },
} as const satisfies Record<string, Options>;

export type LoadedPlugins = { readonly ok: true; readonly registry: PlacementRegistry } | { readonly ok: false; readonly message: string };

/**
 * Imports each `--plugin` module (paths relative to `cwd`) and registers what it exports on top
 * of the built-ins, each part guarded (src/policy/plugin-guard.ts) with the wall clock for its
 * time budget: the one place the clock reaches the placement code, from outside it.
 *
 * A module exports its plugin as its default export or as `plugin` (an object with a name and
 * ecsStrategies, kubePlugins and/or policies). Any problem (no such file, a syntax error, no
 * plugin, a name taken already) is a one-line message; the caller exits 2.
 */
export async function loadPlugins(cwd: string, paths: readonly string[] | undefined, callBudgetMs: number = DEFAULT_CALL_BUDGET_MS): Promise<LoadedPlugins> {
  let registry = PlacementRegistry.builtIn();
  for (const path of paths ?? []) {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(resolve(cwd, path)).href)) as Record<string, unknown>;
    } catch (error) {
      return { ok: false, message: `--plugin ${path}: cannot load it: ${reason(error)}` };
    }
    const plugin = (module.default ?? module.plugin) as PlacementPlugin | undefined;
    if (plugin === undefined) return { ok: false, message: `--plugin ${path}: the module exports no plugin (export default { name, ecsStrategies | kubePlugins | policies })` };
    try {
      registry = registry.with(plugin, { source: path, clock: () => performance.now(), callBudgetMs });
    } catch (error) {
      if (error instanceof PluginRegistrationError) return { ok: false, message: `--plugin ${error.message.startsWith(path) ? error.message : `${path}: ${error.message}`}` };
      throw error;
    }
  }
  return { ok: true, registry };
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_MODULE_NOT_FOUND') return 'no such file (or a module it imports is missing)';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
