/** The services' image, in ECR (no pull rate limit). */
const APP_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1';
/**
 * The end-to-end scale workload: a day of diurnal traffic on an ECS cluster of `hosts` EC2
 * instances, with one service per 100 hosts, each with target tracking on CPU. Each service
 * swings between about 25 and 330 tasks of 0.25 vCPU four times a day, so 100,000 hosts see over a
 * million task starts. Tasks use awsvpc with ENI trunking, so each takes (and gives back) an
 * address from its AZ's subnet. Built as scenario text, so it exercises the real loader and every model.
 */
export function scaleScenario(hosts: number, seed = 1): string {
  const services = Math.max(1, Math.round(hosts / 100));
  const lines: string[] = [];
  lines.push(`name: scale-${hosts}`);
  lines.push(`seed: ${seed}`);
  lines.push('duration: 24h');
  lines.push('sampleInterval: 5m');
  lines.push('maxEvents: 500000000');
  lines.push('cluster:');
  lines.push('  platform: ecs');
  // awsvpc tasks with ENI trunking: every task takes an address from its AZ's subnet.
  lines.push('  awsvpcTrunking: true');
  lines.push('  vpc:');
  lines.push('    subnets:');
  // /16 is the largest subnet AWS allows: enough of them per AZ for its hosts and peak tasks.
  const perAz = Math.max(1, Math.ceil((hosts * 1.5) / 65_000));
  for (let k = 0; k < 3 * perAz; k++) lines.push(`      - { az: us-east-1${'abc'[k % 3]}, cidr: 10.${k}.0.0/16 }`);
  lines.push('  autoScalingGroups:');
  lines.push(`    - { name: fleet, instanceType: m5.large, desiredCapacity: ${hosts} }`);
  lines.push('services:');
  for (let i = 0; i < services; i++) {
    // Peaks spread over the afternoon so the services do not all scale at once.
    const peak = 12 + (i % 8);
    lines.push(`  - serviceName: svc-${i}`);
    lines.push('    desiredCount: 20');
    lines.push('    taskDefinition:');
    lines.push('      cpu: 256');
    lines.push('      memory: 512');
    lines.push('      networkMode: awsvpc');
    // In ECR: named app:1 the image would come from Docker Hub (Docker's rule), and thousands of
    // new instances behind the NAT gateways would run into its pull rate limit (docs/models.md,
    // "Registry pull rate limits"), which is not what this workload measures.
    lines.push(`      containerDefinitions: [{ name: app, image: ${APP_IMAGE}, imageSize: 100MB, readyAfter: 2s }]`);
    lines.push('    load:');
    lines.push(`      rps: { diurnal: { min: 40, max: 500, period: 6h, peakAt: ${peak % 6}h } }`);
    lines.push('      cpuPerRequest: 100ms');
    lines.push('    autoScaling:');
    lines.push('      minCapacity: 20');
    lines.push('      maxCapacity: 400');
    lines.push('      targetTracking: [{ metric: ECSServiceAverageCPUUtilization, targetValue: 60, scaleOutCooldown: 60, scaleInCooldown: 120 }]');
  }
  lines.push('expect:');
  lines.push('  - { service: svc-0, running: { min: 20 } }');
  return `${lines.join('\n')}\n`;
}
