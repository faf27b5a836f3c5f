import { SimulationError } from '../engine/errors.js';

/**
 * A placement plugin loaded from outside fleetsim misbehaved: it threw, returned something its
 * contract forbids (a node that does not fit, a NaN or out-of-range score, a malformed status),
 * or took longer than its time budget. Raised by the guards the plugin's registration wraps it
 * in (plugin-guard.ts) before its output is used, so cluster state is never changed by it.
 *
 * A SimulationError: the run stops with this one line (the CLI exits 2), which names the plugin,
 * where it came from, what it did, and the task or pod being placed when it is known.
 */
export class PluginError extends SimulationError {
  override readonly name = 'PluginError';

  constructor(
    /** The plugin's name (a kube plugin, strategy type or policy name). */
    readonly plugin: string,
    /** Where it was loaded from (the module's path or the library caller's label). */
    readonly source: string,
    /** What went wrong, e.g. `score() returned NaN for node i-000004`. */
    readonly problem: string,
    /** The task or pod being placed (`pod t-000012 of web`), when known. */
    readonly subject?: string,
    options?: { cause?: unknown },
  ) {
    super(`plugin '${plugin}' (${source}): ${problem}${subject === undefined ? '' : ` while placing ${subject}`}`, options);
  }

  /** The same error, naming the task or pod it happened for (kept if it already names one). */
  about(subject: string): PluginError {
    if (this.subject !== undefined) return this;
    return new PluginError(this.plugin, this.source, this.problem, subject, { cause: this.cause });
  }
}

/** Adds the subject to a PluginError passing through; anything else is rethrown as it is. */
export function withSubject(error: unknown, subject: () => string): unknown {
  return error instanceof PluginError ? error.about(subject()) : error;
}

/** How messages name the task or pod a placement request is for (`pod t-000012 of web`). */
export function subjectOf(request: { readonly task?: { readonly id: string; readonly service: { readonly name: string; readonly kind: string } }; readonly service: string }): string {
  const t = request.task;
  if (t === undefined) return `a task of ${request.service}`;
  return `${t.service.kind === 'deployment' ? 'pod' : 'task'} ${t.id} of ${t.service.name}`;
}
