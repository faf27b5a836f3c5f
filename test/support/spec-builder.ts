import { DEFAULT_PROFILE } from '../../src/model/pod-scheduling-spec.js';
import { DEFAULT_CNI_SETTINGS } from '../../src/model/network/cni-settings.js';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { serviceSpec, type ServiceSpec, type SimulationSpec, type TimedEventSpec } from '../../src/model/simulation-spec.js';

/** An ECS cluster of Auto Scaling groups with everything else off (no subnets, capacity providers, Karpenter). */
export function ecsClusterSpec(name: string, availabilityZones: string[], autoScalingGroups: SimulationSpec['cluster']['autoScalingGroups']): SimulationSpec['cluster'] {
  return {
    platform: 'ecs',
    name,
    region: 'us-east-1',
    availabilityZones,
    ecsReservedMemoryMiB: 0,
    subnets: [],
    egress: null,
    cni: DEFAULT_CNI_SETTINGS,
    coreDns: false,
    awsvpcTrunking: false,
    capacityProviders: [],
    fargateSpotInterruptionsPerTaskHour: 0,
    karpenter: null,
    schedulerProfile: DEFAULT_PROFILE,
    autoScalingGroups,
  };
}

/** Fluent builder for small ECS-on-EC2 specs in controller tests. */
export class SpecBuilder {
  private readonly groups: SimulationSpec['cluster']['autoScalingGroups'][number][] = [];
  private readonly services: ServiceSpec[] = [];
  private readonly events: TimedEventSpec[] = [];
  private durationMs = 600_000;
  private seed = '1';

  hosts(n: number, type = 'm5.large', azs = ['us-east-1a', 'us-east-1b', 'us-east-1c']): this {
    this.groups.push({ name: `g${this.groups.length}`, instanceType: getInstanceType(type)!, desiredCapacity: n, minSize: 0, maxSize: n, availabilityZones: azs });
    return this;
  }

  service(name: string, desired: number, cpuUnits = 256, memoryMiB = 512, image = `${name}:1`): this {
    this.services.push(
      serviceSpec({
        name,
        kind: 'ecs-service',
        desiredCount: desired,
      taskDefinition: {
        family: name,
        revision: 1,
        cpu: cpuUnits * 1000,
        memoryMiB,
        networkMode: 'bridge',
        readyAfterMs: 2000,
        containers: [{ name, image, imageSizeMiB: 200, layers: 5, essential: true, portMappings: [] }],
      },
      }),
    );
    return this;
  }

  scale(atMs: number, service: string, desiredCount: number): this {
    this.events.push({ at: atMs, kind: 'scale', service, desiredCount });
    return this;
  }

  duration(ms: number): this {
    this.durationMs = ms;
    return this;
  }

  withSeed(seed: string): this {
    this.seed = seed;
    return this;
  }

  build(): SimulationSpec {
    return {
      name: 'test',
      description: '',
      seed: this.seed,
      durationMs: this.durationMs,
      sampleIntervalMs: 10_000,
      loadTickMs: 5000,
      maxEvents: 1_000_000,
      cluster: ecsClusterSpec('test', ['us-east-1a', 'us-east-1b', 'us-east-1c'], this.groups),
      services: this.services,
      events: [...this.events].sort((a, b) => a.at - b.at),
      expectations: [],
    };
  }
}
