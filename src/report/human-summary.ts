import { describeVerdict } from './describe/observation.js';
import { heldInRun, type RunSummary } from './summary.js';

/** How many fault lines the summary prints before it refers to events.csv. */
const FAULTS_SHOWN = 12;
/** How many scale-out rows the printed summary shows. */
const SCALING_ROWS_SHOWN = 20;
/** How many incident lines per service; and how long one may be before it is cut. */
const INCIDENTS_SHOWN = 12;
const INCIDENT_CHARS = 200;
/** The printed summary stays readable for any scenario: the rest of each list is in summary.json. */
const SERVICES_SHOWN = 20;
const CONVERGENCE_SHOWN = 10;
const SUBNETS_SHOWN = 20;
const EXPECTATIONS_SHOWN = 50;
const CAPACITY_SHOWN = 20;
/** Width of the scale-out table's service column; longer names are cut so the table stays within 100 columns. */
const SERVICE_COLUMN = 13;

function clip(text: string): string {
  return text.length <= INCIDENT_CHARS ? text : `${text.slice(0, INCIDENT_CHARS - 3)}...`;
}

/** The short, readable account `fleetsim run` prints: per service, then expectations. */
export function formatHumanSummary(summary: RunSummary, outputs: { readonly dir: string; readonly files: readonly string[] } | null): string {
  const lines: string[] = [];
  lines.push(`scenario ${summary.scenario} (seed ${summary.seed}): ${fmtS(summary.durationS)} simulated, ${count(summary.events)} events, ${count(summary.hostsLaunched)} hosts`);
  for (const s of summary.services.slice(0, SERVICES_SHOWN)) {
    const c = s.finalCounts;
    lines.push('');
    lines.push(`service ${s.name}: desired ${s.desiredCount}, running ${c.RUNNING}, pending ${c.PROVISIONING + c.PENDING}, unplaced ${c.UNPLACED}, stopped ${c.STOPPED}`);
    lines.push(`  first task running after ${fmtOpt(s.timeToFirstRunningS)}; all desired running after ${fmtOpt(s.timeToAllRunningS)}`);
    const st = s.startupS;
    if (st.count > 0) lines.push(`  task start-up (created -> RUNNING), ${st.count} tasks: p50 ${fmtOpt(st.p50)}, p90 ${fmtOpt(st.p90)}, p99 ${fmtOpt(st.p99)}, max ${fmtOpt(st.max)}`);
    const lb = s.toInServiceS;
    if (lb.count > 0) lines.push(`  created -> serving behind the load balancer, ${lb.count} tasks: p50 ${fmtOpt(lb.p50)}, p90 ${fmtOpt(lb.p90)}, max ${fmtOpt(lb.max)}`);
    const changes = s.convergence.slice(1);
    for (const c2 of changes.slice(0, CONVERGENCE_SHOWN)) {
      lines.push(`  at ${fmtS(c2.atS)} desired -> ${c2.desiredCount}: ${c2.reachedAfterS === null ? 'never reached' : `reached after ${fmtS(c2.reachedAfterS)}`}`);
    }
    if (changes.length > CONVERGENCE_SHOWN) lines.push(`  ... and ${count(changes.length - CONVERGENCE_SHOWN)} more changes of the desired count (summary.json)`);
    if (s.traffic.requests > 0) {
      const pct = (100 * s.traffic.errors) / s.traffic.requests;
      const rate = Number.isFinite(pct) ? `${pct.toFixed(2)}%` : 'rate unknown';
      lines.push(`  traffic: ${count(s.traffic.requests)} requests, ${count(s.traffic.errors)} failed (${rate}), worst minute ${count(Math.round(s.traffic.worstResponseTimeMs))} ms${s.traffic.dropped > 0 ? `, ${count(s.traffic.dropped)} cut off in flight (deregistration delay, SIGKILL, instance terminated)` : ''}`);
    }
    if (s.failures !== undefined) {
      const f = s.failures;
      lines.push(`  app failures: ${f.exits} containers exited, ${f.restarts} restarted in place, ${f.pullFailures} image pulls failed`);
    }
    if (s.incidents !== undefined) {
      // What went wrong, in order: first time, how often (events.csv has every one).
      lines.push('  what happened (first time, how often):');
      const shown = s.incidents.slice(0, INCIDENTS_SHOWN);
      for (const i of shown) lines.push(`    at ${fmtS(i.atS)}: ${clip(i.what)}${i.count > 1 ? ` (x${count(i.count)}, the last at ${fmtS(i.lastAtS)})` : ''}`);
      if (s.incidents.length > shown.length) lines.push(`    ... and ${s.incidents.length - shown.length} more kinds (events.csv)`);
    }
    if (s.runningByAz !== undefined) lines.push(`  running per AZ: ${Object.entries(s.runningByAz).map(([az, n]) => `${az} ${n}`).join(', ')}`);
    if (s.lastServiceEvent !== null) lines.push(`  last service event: ${s.lastServiceEvent}`);
    const podEvents = Object.entries(s.podEvents);
    if (podEvents.length > 0) {
      lines.push(`  pod events: ${podEvents.map(([reason, n]) => `${reason} x${count(n)}`).join(', ')}`);
      lines.push(`  last pod event: ${s.lastPodEvent ?? ''}`);
    }
  }
  if (summary.services.length > SERVICES_SHOWN) {
    lines.push('');
    lines.push(`... and ${count(summary.services.length - SERVICES_SHOWN)} more services (summary.json)`);
  }
  if (summary.faults !== undefined) {
    lines.push('');
    // The first ones in full; a fault at a rate can make many.
    const shown = summary.faults.slice(0, FAULTS_SHOWN);
    lines.push('faults:');
    for (const f of shown) lines.push(`  at ${fmtS(f.atS)}: ${f.detail}`);
    if (summary.faults.length > shown.length) lines.push(`  ... and ${summary.faults.length - shown.length} more (events.csv: fault.injected, fault.ended)`);
  }
  if (summary.capacityNotLaunched !== undefined) {
    lines.push('');
    lines.push('capacity not launched:');
    const shown = summary.capacityNotLaunched.slice(0, CAPACITY_SHOWN);
    for (const c of shown) {
      if ('group' in c) lines.push(`  group ${c.group}: ${count(c.launched)} of ${count(c.desired)} ${c.instanceType} instances (short from ${fmtS(c.sinceS)}): ${c.reason}`);
      else lines.push(`  NodePool ${c.nodePool}: ${count(c.failedLaunches)} NodeClaims failed to launch (from ${fmtS(c.sinceS)}), the last: ${c.reason}`);
    }
    if (summary.capacityNotLaunched.length > shown.length) lines.push(`  ... and ${count(summary.capacityNotLaunched.length - shown.length)} more (summary.json)`);
  }
  if (summary.ec2QuotasHit !== undefined) {
    lines.push('');
    lines.push('EC2 quotas hit:');
    for (const h of summary.ec2QuotasHit) lines.push(`  ${count(h.refusals)} launches refused ${fmtS(h.firstAtS)}-${fmtS(h.lastAtS)}: ${h.detail}`);
  }
  for (const p of summary.ec2VcpuPeaks ?? []) lines.push(`warning: ${p.notice}`);
  if (summary.ecsContainerInstancesPeak !== undefined) lines.push(`warning: ${summary.ecsContainerInstancesPeak.notice}`);
  if (summary.scaling.length > 0) {
    lines.push('');
    lines.push('scale-outs (seconds; medians over the new tasks):');
    lines.push('  service        at       from->to  detection  provisioning  image pull  start  health  total');
    const n = (x: number | null): string => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(1));
    for (const r of summary.scaling.slice(0, SCALING_ROWS_SHOWN)) {
      const service = r.service.length > SERVICE_COLUMN ? `${r.service.slice(0, SERVICE_COLUMN - 3)}...` : r.service;
      lines.push(
        `  ${service.padEnd(SERVICE_COLUMN)} ${fmtS(r.atS).padStart(7)}  ${`${r.from}->${r.to}`.padStart(8)}  ${n(r.detectionS).padStart(9)}  ${n(r.provisioningS).padStart(12)}  ${n(r.imagePullS).padStart(10)}  ${n(r.containerStartS).padStart(5)}  ${n(r.healthCheckS).padStart(6)}  ${n(r.totalS).padStart(5)}`,
      );
    }
    const more = summary.scaling.length - Math.min(summary.scaling.length, SCALING_ROWS_SHOWN) + (summary.scalingRowsOmitted ?? 0);
    if (more > 0) lines.push(`  ... and ${more.toLocaleString('en-US')} more (scaling.csv)`);
  }
  if (summary.subnets.length > 0) {
    lines.push('');
    for (const sn of summary.subnets.slice(0, SUBNETS_SHOWN)) {
      const out = sn.exhaustedAtS === null ? `min ${sn.minFree} free` : `out of addresses from ${fmtS(sn.exhaustedAtS)}`;
      lines.push(`subnet ${sn.id}: ${sn.freeAtStart} -> ${sn.freeAtEnd} free addresses (${out})`);
    }
    if (summary.subnets.length > SUBNETS_SHOWN) lines.push(`... and ${count(summary.subnets.length - SUBNETS_SHOWN)} more subnets (summary.json)`);
  }
  if (summary.cost !== undefined) {
    const c = summary.cost;
    const m = c.monthly.byCategory;
    lines.push('');
    lines.push(
      `cost: $${usd(c.totalUsd)} for the run; ~$${usd(c.monthly.totalUsd)}/month at the rate of the last ${fmtS(c.monthly.windowS)} (compute $${usd(m.compute)}, control plane $${usd(m.controlPlane)}, load balancer $${usd(m.loadBalancer)}, data transfer $${usd(m.dataTransfer)}${m.network === undefined ? '' : `, NAT gateways and VPC endpoints $${usd(m.network)}`}${m.storage === undefined ? '' : `, EBS volumes $${usd(m.storage)}`})`,
    );
  }
  if (summary.expectations.length > 0) {
    lines.push('');
    const failed = summary.expectations.filter((e) => e.passed === false).length;
    const notJudged = summary.expectations.filter((e) => e.passed === null).length;
    const unjudged = notJudged === 0 ? '' : `, ${notJudged} not judged (a stated probability is judged over seeds: fleetsim run --seeds 200)`;
    lines.push(`expectations: ${summary.expectations.length - failed - notJudged} passed, ${failed} failed${unjudged}`);
    // All of them in order when they fit; otherwise the failed ones first.
    const all = summary.expectations;
    const listed = all.length <= EXPECTATIONS_SHOWN ? all : [...all.filter((e) => e.passed === false), ...all.filter((e) => e.passed !== false)].slice(0, EXPECTATIONS_SHOWN);
    for (const e of listed) lines.push(`  ${describeVerdict({ passed: heldInRun(e), probability: e.probability })}  ${e.label}  (${e.observed})`);
    if (all.length > listed.length) lines.push(`  ... and ${count(all.length - listed.length)} more (summary.json)`);
  }
  if (outputs !== null) {
    lines.push('');
    lines.push(`outputs: ${outputs.dir}/{${outputs.files.join(',')}}`);
  }
  return `${lines.join('\n')}\n`;
}

function usd(x: number): string {
  return Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : TOO_LARGE;
}

/**
 * What a figure too large to compute prints as: a sum that overflowed to Infinity (or became NaN)
 * must never reach the terminal as "∞" or "NaN".
 */
const TOO_LARGE = '(too large to count)';

/** A count with thousands separators, or TOO_LARGE. */
function count(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : TOO_LARGE;
}

function fmtOpt(s: number | null): string {
  return s === null ? 'never' : fmtS(s);
}

function fmtS(s: number): string {
  if (!Number.isFinite(s)) return TOO_LARGE;
  if (s < 120) return `${Number(s.toFixed(1))}s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest === 0 ? `${m}m` : `${m}m${String(rest).padStart(2, '0')}s`;
}
