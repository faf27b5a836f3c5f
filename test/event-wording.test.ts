import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Events are data; their ECS/Kubernetes wording is rendered in one place, src/report/describe
 * (issue 13, "wording is rendering"). Read from the sources, this test fails when
 * - code outside src/report/describe spells out event wording (a controller building a message,
 *   a report matching a phrase),
 * - anything outside report/ and cli/ reads a `detail` (events have none),
 * - rendered wording is inspected (`describeEvent(e).includes(...)`) instead of event fields,
 * - an event is built anywhere but in src/controllers/actions (every emit goes through a typed
 *   method) or emitted to the trace from anywhere else.
 */
const SRC = resolve(__dirname, '..', 'src');
const DESCRIBE = join(SRC, 'report', 'describe');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The source without comments (string contents kept: wording would be in them). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The source without comments and string literals: only identifiers and operators remain. */
function codeOnly(text: string): string {
  return withoutComments(text).replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
}

const files = sourceFiles(SRC);
const rel = (file: string): string => relative(SRC, file);
const inside = (file: string, dir: string): boolean => !relative(dir, file).startsWith('..');

/**
 * Phrases of the wording users search consoles and logs for, one or more per kind of message.
 * Each must be in the renderers (checked below, so the list cannot go stale) and nowhere else.
 */
const WORDING = [
  'was unable to place a task',
  'has insufficient CPU units available',
  'nodes are available',
  'untolerated taint',
  'Insufficient cpu',
  'Too many pods',
  'has reached a steady state',
  'rolloutState=',
  'is unable to consistently start tasks',
  'waiting in PROVISIONING',
  'failed container health checks',
  'is unhealthy in (target-group',
  'healthStatus UNHEALTHY: container health check failed',
  'target healthy in the load balancer',
  'pull image manifest has been retried',
  'You have reached your pull rate limit',
  'Essential container in task exited (container',
  'Scaling activity initiated by',
  'Task stopped by the deployment',
  'Deleted by the ReplicaSet controller',
  'ScalingReplicaSet: Scaled',
  'Progressing=True reason',
  'Progressing=False reason',
  'Back-off',
  'probe failed:',
  'Marking for deletion Pod',
  'Cannot evict pod',
  'failed to assign an IP address to container',
  'CreateNetworkInterface in ',
  'AssignPrivateIpAddresses on ',
  '% (N=',
  'requests in flight dropped',
  'target deregistered after',
  '429 Too Many Requests to ',
  '429 Too Many Requests after',
  '(client-go retries after Retry-After',
  '% of DNS queries time out',
  'DNS queries timed out',
  'could not schedule pod',
  'incompatible with nodepool',
  'no instance type',
  'queries/s offered',
  'HorizontalPodAutoscaler from',
  'not applied:',
  'instance type option(s)',
  'Spot capacity is being reclaimed',
  'kubelet lost contact with the API server',
] as const;

describe('event wording', () => {
  const describeSources = sourceFiles(DESCRIBE).map((f) => withoutComments(readFileSync(f, 'utf8'))).join('\n');
  const outsideDescribe = files.filter((f) => !inside(f, DESCRIBE));

  it('every listed phrase is rendered in src/report/describe', () => {
    expect(WORDING.filter((phrase) => !describeSources.includes(phrase))).toEqual([]);
  });

  it('no code outside src/report/describe spells out event wording', () => {
    const found = outsideDescribe.flatMap((file) => {
      const code = withoutComments(readFileSync(file, 'utf8'));
      return WORDING.filter((phrase) => code.includes(phrase)).map((phrase) => `${rel(file)}: "${phrase}"`);
    });
    expect(found).toEqual([]);
  });

  it('nothing outside report/ and cli/ reads a `detail`', () => {
    const found = files.filter((f) => !inside(f, join(SRC, 'report')) && !inside(f, join(SRC, 'cli'))).filter((f) => /\bdetail\b/.test(codeOnly(readFileSync(f, 'utf8'))));
    expect(found.map(rel)).toEqual([]);
  });

  it('nothing parses rendered wording', () => {
    const inspect = /\b(?:describe\w*|entityOf)\([^;]*?\)\s*\.\s*(?:includes|startsWith|endsWith|indexOf|lastIndexOf|match|matchAll|search|slice|substring|split|replace|replaceAll)\s*\(/;
    const found = outsideDescribe.flatMap((file) => {
      const m = inspect.exec(codeOnly(readFileSync(file, 'utf8')));
      return m === null ? [] : [`${rel(file)}: ${m[0]}`];
    });
    expect(found).toEqual([]);
  });
});

describe('every event is built by a typed actions method', () => {
  const kinds = new Set(
    sourceFiles(join(SRC, 'model', 'events')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/readonly type: '([a-z-]+\.[a-z-]+)'/g)].map((m) => m[1]!)),
  );

  it('the catalogue declares the kinds this test looks for', () => {
    expect(kinds.size).toBeGreaterThan(50);
    expect(kinds).toContain('task.placed');
  });

  it('only src/controllers/actions builds events and emits them to the trace', () => {
    const builders = (f: string): boolean => inside(f, join(SRC, 'controllers', 'actions')) || inside(f, join(SRC, 'model', 'events'));
    const found = files
      .filter((f) => !builders(f))
      .flatMap((file) => {
        const code = withoutComments(readFileSync(file, 'utf8'));
        const literals = [...code.matchAll(/\btype:\s*'([a-z-]+\.[a-z-]+)'/g)].filter((m) => kinds.has(m[1]!)).map((m) => `${rel(file)} builds a ${m[1]} event`);
        const emits = rel(file) !== 'engine/trace.ts' && /\btrace\.emit\(/.test(code) ? [`${rel(file)} emits to the trace`] : [];
        return [...literals, ...emits];
      });
    expect(found).toEqual([]);
  });
});
