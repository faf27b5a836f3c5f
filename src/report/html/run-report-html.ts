import { barChart } from './charts/bar-chart.js';
import { timeAxis, type TimeAxis } from './charts/chart.js';
import { ganttChart } from './charts/gantt-chart.js';
import { startupChart } from './charts/startup-chart.js';
import { timeChart } from './charts/time-chart.js';
import { escapeHtml, renderPage, type Figure, type Section } from './page.js';
import type { NamedSeries, ReportMarker, RunReportData, ServiceReport } from './report-data.js';
import type { ParsedShapes } from './vega-svg.js';
import { clock, duration } from './format.js';

/**
 * report.html from report.json's data: a header with the scenario, its verdicts and what went
 * wrong (each incident linked to the chart that marks it), then a section per service shown,
 * the cluster, the network, the scale-outs and the cost. Which charts exist: docs/report.md.
 * `shapes`: the charts' shapes compiled ahead of time (chart-shapes.ts); the page is the same bytes without them.
 */
export async function renderRunReportHtml(data: RunReportData, shapes?: ParsedShapes): Promise<string> {
  const axis = timeAxis(data.durationS);
  const sections: Section[] = [];
  data.services.forEach((s, i) => sections.push(serviceSection(s, i, data, axis)));
  if (data.servicesTotal > 1) {
    sections.push({
      id: 'all-services',
      title: `All ${data.servicesTotal} services`,
      figures: [
        {
          id: 'all-tasks',
          title: 'Tasks of every service, summed',
          caption: 'Desired, running, pending (placed, not yet running) and unplaced tasks over all services, at each timeline sample.',
          chart: timeChart({ series: data.allServices, axis, yTitle: 'tasks', steps: true, integer: true, markers: data.clusterMarkers }),
        },
      ],
    });
  }
  sections.push(clusterSection(data, axis), networkSection(data, axis), scalingSection(data), costSection(data, axis));
  return renderPage({ title: `${data.scenario}: fleetsim report`, header: header(data), sections, footer: footer(data) }, shapes);
}

function serviceSection(s: ServiceReport, index: number, data: RunReportData, axis: TimeAxis): Section {
  const id = serviceAnchor(index);
  const omitted = s.markersOmitted + data.clusterMarkersOmitted;
  const figures: Figure[] = [
    {
      id: `${id}-tasks`,
      title: `${s.name}: tasks over time`,
      caption: `Desired, running, pending (placed, not yet running) and unplaced tasks at each timeline sample. Markers: D deployment, S desired count set, F fault, a number: the incident of that number above.${omitted > 0 ? ` ${omitted} more markers are left out (events.csv has every event).` : ''}`,
      chart: timeChart({ series: s.tasks, axis, yTitle: 'tasks', steps: true, integer: true, markers: [...s.markers, ...data.clusterMarkers].sort(byTime) }),
    },
    {
      id: `${id}-startup`,
      title: `${s.name}: start-up time by phase`,
      caption: 'How many tasks spent how long in each start-up phase: scheduling (created to placed), provisioning (placed to PENDING), image pull, container start (PENDING to RUNNING less the pull), health check (RUNNING to healthy), load balancer (healthy to in service).',
      chart: startupChart(s.startup),
      empty: 'No task of this service started.',
    },
  ];
  const t = s.traffic;
  if (t !== null) {
    figures.push(
      {
        id: `${id}-requests`,
        title: `${s.name}: requests per minute`,
        caption: 'RequestCount of each closed minute (the load balancer, or the requests offered to the tasks).',
        chart: timeChart({ series: [{ name: 'requests', ...t.requests }], axis, yTitle: 'requests per minute' }),
      },
      {
        id: `${id}-errors`,
        title: `${s.name}: 5xx per minute, target vs load balancer`,
        caption: 'HTTPCode_Target_5XX_Count (the tasks answered 5xx: overloaded, failing lookups) and HTTPCode_ELB_5XX_Count (the load balancer had no healthy target, or the target died) per minute.',
        chart: timeChart({ series: [{ name: 'target 5xx', ...t.target5xx }, { name: 'ELB 5xx', ...t.elb5xx }], axis, yTitle: '5xx per minute', markers: s.markers.filter((m) => m.kind !== 'scale') }),
      },
      {
        id: `${id}-latency`,
        title: `${s.name}: response time`,
        caption: "TargetResponseTime, the minute's mean over served requests (the model gives each load tick's mean, not a distribution, so no percentiles are drawn).",
        chart: timeChart({ series: [{ name: 'mean response time', ...t.responseTimeMs }], axis, yTitle: 'ms' }),
      },
      {
        id: `${id}-cpu`,
        title: `${s.name}: CPU utilisation against the scaling target`,
        caption: `CPUUtilization per minute, percent of the tasks' CPU reservation (requests on EKS).${t.cpuTarget === null ? ' The service has no CPU scaling target.' : ' The dashed line is the target its autoscaler tracks.'}`,
        chart: timeChart({ series: [{ name: 'CPU utilisation', ...t.cpuPercent }], axis, yTitle: 'percent', targets: t.cpuTarget === null ? [] : [{ label: `target ${t.cpuTarget} %`, value: t.cpuTarget }], markers: s.markers.filter((m) => m.kind === 'scale') }),
      },
    );
  }
  return { id, title: `Service ${s.name}`, figures };
}

function clusterSection(data: RunReportData, axis: TimeAxis): Section {
  const c = data.cluster;
  const lines = (series: readonly NamedSeries[]): NamedSeries[] => series.filter((s) => s.v.some((v) => v > 0));
  return {
    id: 'cluster',
    title: 'Cluster',
    figures: [
      {
        id: 'cluster-capacity-type',
        title: 'Instances and Fargate tasks by capacity type',
        caption: 'EC2 instances from launch to termination, on-demand and spot; Fargate tasks (one microVM each) from placement to STOPPED.',
        chart: nonEmpty(lines(c.byCapacityType), (series) => timeChart({ series, axis, yTitle: 'instances or Fargate tasks', steps: true, integer: true, markers: data.clusterMarkers })),
        empty: 'The run launched no instance and no Fargate task.',
      },
      {
        id: 'cluster-instance-types',
        title: 'Instances by instance type',
        caption: `EC2 instances from launch to termination, per instance type.${c.instanceTypesOmitted > 0 ? ` The ${c.byInstanceType.length} most numerous types are drawn; ${c.instanceTypesOmitted} more are left out.` : ''}`,
        chart: nonEmpty(lines(c.byInstanceType), (series) => timeChart({ series, axis, yTitle: 'instances', steps: true, integer: true })),
        empty: 'The run launched no EC2 instance.',
      },
      {
        id: 'cluster-azs',
        title: 'Instances by Availability Zone',
        caption: 'EC2 instances from launch to termination, per Availability Zone.',
        chart: nonEmpty(lines(c.byAz), (series) => timeChart({ series, axis, yTitle: 'instances', steps: true, integer: true })),
        empty: 'The run launched no EC2 instance.',
      },
      {
        id: 'cluster-cpu',
        title: 'CPU: allocated vs capacity',
        caption: "vCPU registered by active instances (capacity) and reserved by their tasks (allocated), at each timeline sample.",
        chart: nonEmpty(lines(c.cpu), (series) => timeChart({ series, axis, yTitle: 'vCPU', steps: true })),
        empty: 'No EC2 capacity in this run (Fargate only).',
      },
      {
        id: 'cluster-memory',
        title: 'Memory: allocated vs capacity',
        caption: 'Memory registered by active instances (capacity) and reserved by their tasks (allocated), MiB.',
        chart: nonEmpty(lines(c.memory), (series) => timeChart({ series, axis, yTitle: 'MiB', steps: true })),
        empty: 'No EC2 capacity in this run (Fargate only).',
      },
    ],
  };
}

function networkSection(data: RunReportData, axis: TimeAxis): Section {
  const n = data.network;
  if (n.freeAddresses.length === 0) return { id: 'network', title: 'Network', html: '<p class="note">The scenario models no VPC: no subnets, addresses or ENIs.</p>', figures: [] };
  const omitted = n.subnetsOmitted > 0 ? ` The ${n.freeAddresses.length} subnets that came closest to running out are drawn; ${n.subnetsOmitted} more are left out.` : '';
  const figures: Figure[] = [
    {
      id: 'network-addresses',
      title: 'Free addresses per subnet',
      caption: `Addresses neither reserved by AWS nor allocated (instances, ENIs, tasks, pods, warm pools), per subnet.${omitted}`,
      chart: timeChart({ series: n.freeAddresses, axis, yTitle: 'free addresses', steps: true, integer: true, markers: data.clusterMarkers }),
    },
    {
      id: 'network-prefixes',
      title: 'Free /28 prefixes per subnet',
      caption: `Aligned /28 blocks still entirely free: what prefix delegation can still take.${omitted}`,
      chart: timeChart({ series: n.freePrefixes, axis, yTitle: 'free /28 prefixes', steps: true, integer: true }),
    },
  ];
  figures.push({
    id: 'network-enis',
    title: 'ENIs per instance',
    caption: "ENIs attached to an instance: its primary ENI, the VPC CNI's further ENIs (EKS) and awsvpc task ENIs (ECS on EC2, trunk branch ENIs included). The most on one instance, and the mean over instances.",
    chart: nonEmpty(n.enisPerHost, (series) => timeChart({ series: rename(series, { max: 'most on one instance', mean: 'mean per instance' }), axis, yTitle: 'ENIs', steps: true, integer: true })),
    empty: 'No instance was launched into a subnet.',
  });
  return { id: 'network', title: 'Network', figures };
}

function scalingSection(data: RunReportData): Section {
  const s = data.scaling;
  const more = s.total > s.rows.length ? ` The first ${s.rows.length} of ${s.total} scale-outs are drawn; scaling.csv has every one.` : '';
  return {
    id: 'scaling',
    title: 'Scale-outs',
    figures: [
      {
        id: 'scaling-gantt',
        title: 'Where each scale-out spent its time',
        caption: `One bar per scale-out an autoscaler made: detection (load change to decision), provisioning (decision to the new tasks' PENDING: capacity, microVM, ENI), image pull, container start, health check (RUNNING to serving); medians over the new tasks.${more}`,
        chart: ganttChart(s.rows),
        empty: 'No autoscaler scaled out in this run.',
      },
    ],
  };
}

function costSection(data: RunReportData, axis: TimeAxis): Section {
  const c = data.cost;
  const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return {
    id: 'cost',
    title: 'Cost',
    html: `<p>This run cost <strong>${usd(c.runUsd)}</strong>; at its steady state a month would cost <strong>${usd(c.monthlyUsd)}</strong> (${escapeHtml(c.method)}).</p>`,
    figures: [
      {
        id: 'cost-accumulated',
        title: 'Cost accumulated over the run, by resource and capacity type',
        caption: "USD accrued at each resource's hourly price while it runs (instances, Fargate tasks, the EKS control plane, load balancers) plus LCUs and data transfer per minute of traffic. The bill (cost.csv) also applies billing minimums and charges load balancer hours by the started hour.",
        chart: nonEmpty(c.accumulated, (series) => timeChart({ series, axis, yTitle: 'USD' })),
        empty: 'Nothing billable ran.',
      },
      {
        id: 'cost-monthly',
        title: 'Monthly projection by resource and capacity type',
        caption: "cost.csv's monthly_usd, summed per resource and capacity type.",
        chart: barChart(c.monthly.map((m) => ({ label: m.label, value: m.usd })), 'USD per month', usd),
        empty: 'Nothing billable ran.',
      },
    ],
  };
}

function header(data: RunReportData): string {
  const facts: [string, string][] = [
    ['platform', data.platform.toUpperCase()],
    ['seed', data.seed],
    ['simulated', duration(data.durationS)],
    ['events', data.events.toLocaleString('en-US')],
    ['services', String(data.servicesTotal)],
    ['expectations', data.expectations.length === 0 ? 'none' : data.passed ? 'all passed' : `${data.expectations.filter((e) => !e.passed).length} failed`],
  ];
  const out: string[] = [`<h1>${escapeHtml(data.scenario)}</h1>`];
  if (data.description !== '') out.push(`<p class="description">${escapeHtml(data.description)}</p>`);
  out.push(`<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>`);
  if (data.expectations.length > 0) {
    out.push('<h2 id="expectations">Expectations</h2>', '<ul class="verdicts">');
    for (const e of data.expectations) out.push(`<li class="${e.passed ? 'pass' : 'fail'}"><span class="badge">${e.passed ? 'PASS' : 'FAIL'}</span>${escapeHtml(e.label)}: ${escapeHtml(e.observed)}</li>`);
    out.push('</ul>');
  }
  out.push('<h2 id="incidents">What happened</h2>');
  if (data.incidents.length === 0) out.push('<p class="note">No incident: no crash, failed pull or health check, unplaceable task, fault or deployment change.</p>');
  else {
    out.push('<p class="note">In time order; the number is the marker on the time charts, and each links to its chart.</p>', '<ol class="incidents">');
    const shown = new Map(data.services.map((s, i) => [s.name, serviceAnchor(i)]));
    for (const i of data.incidents) {
      const anchor = i.service !== null && shown.has(i.service) ? `${shown.get(i.service)!}-tasks` : 'cluster-capacity-type';
      const repeat = i.count > 1 ? ` (${i.count} times, last at ${clock(i.lastAtS)})` : '';
      out.push(`<li id="incident-${i.id}"><a href="#${anchor}"><span class="incident-id">[${i.id}]</span> ${clock(i.atS)}</a> ${i.service === null ? 'cluster' : escapeHtml(i.service)}: ${escapeHtml(i.what)}${repeat}</li>`);
    }
    out.push('</ol>');
    if (data.incidentsOmitted > 0) out.push(`<p class="note">${data.incidentsOmitted} later incidents are left out; summary.json lists every service's.</p>`);
  }
  if (data.servicesTotal > data.services.length) out.push(`<p class="note">The first ${data.services.length} of ${data.servicesTotal} services are shown in detail; timeline.csv and metrics.csv have every one.</p>`);
  return out.join('\n');
}

function footer(data: RunReportData): string {
  return [
    `<p>fleetsim report of ${escapeHtml(data.scenario)} with seed ${escapeHtml(data.seed)}, made from report.json (rebuild it with <code>fleetsim report &lt;outputs folder&gt;</code>). ${escapeHtml(data.downsampling)}</p>`,
    '<p>Times are simulated time from the start of the run. Hover a mark for its value; each chart has its data as a table under it.</p>',
  ].join('\n');
}

function serviceAnchor(index: number): string {
  return `svc-${index + 1}`;
}

function byTime(a: ReportMarker, b: ReportMarker): number {
  return a.atS - b.atS;
}

function nonEmpty<T>(series: readonly NamedSeries[], draw: (series: readonly NamedSeries[]) => T): T | null {
  return series.length === 0 || series.every((s) => s.t.length === 0) ? null : draw(series);
}

function rename(series: readonly NamedSeries[], names: Readonly<Record<string, string>>): NamedSeries[] {
  return series.map((s) => ({ ...s, name: names[s.name] ?? s.name }));
}
