/**
 * The wording of an incident code (src/report/incidents.ts) in a report over many runs, where no
 * single event's text applies: "deployment FAILED", "pod event FailedScheduling". An unknown code
 * (from a file written by another version) is shown as it is.
 */
const INCIDENT_WORDING: Readonly<Record<string, string>> = {
  'container.exited': 'container exited',
  'task.image-pull-failed': 'image pull failed',
  'task.unhealthy': 'taken out of service (health checks failed)',
  'task.sigkill': 'SIGKILL at the stop timeout',
  'task.deregistration-cut': 'requests cut at the end of the deregistration delay',
  'task.in-flight-lost': 'requests lost with an instance terminated undrained',
  'task.stopped/SpotInterruption': 'Spot interruption',
  'service.rollout-state/FAILED': 'deployment FAILED',
  'service.deployment-started/rollback': 'deployment rolled back',
  'service.event/UNABLE_TO_START_TASKS_CONSISTENTLY': 'unable to consistently start tasks (throttled)',
  'service.event/UNABLE_TO_PLACE': 'unable to place a task',
  'service.event/WAITING_FOR_CAPACITY_PROVIDER': 'tasks waiting for capacity provider instances',
  'service.event/TASK_WAITING_FOR_ENI': 'task waiting for an ENI',
  'service.event/FARGATE_TASK_WAITING_FOR_ADDRESS': 'Fargate task waiting for a subnet address',
  'service.event/FARGATE_CAPACITY_UNAVAILABLE': 'Fargate capacity unavailable',
  'service.event/DNS_LOOKUPS_FAILING': 'DNS lookups failing',
  'service.event/API_THROTTLED': 'API server throttling (429)',
  'service.event/API_CALL_FAILED': 'API call failed after retries (429)',
  'service.event/STATEFULSET_ROLLOUT_BLOCKED': 'StatefulSet rollout stuck behind a pod it does not replace',
  'subnet.exhausted': 'out of addresses',
};

/** `deployment FAILED`, `pod event FailedCreatePodSandBox`, or the code itself. */
export function describeIncidentCode(code: string): string {
  const known = INCIDENT_WORDING[code];
  if (known !== undefined) return known;
  if (code.startsWith('pod.event/')) return `pod event ${code.slice('pod.event/'.length)}`;
  return code;
}
