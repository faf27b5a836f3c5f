/**
 * The JSON Schema of scenario files (draft-07). It checks shape and types; units, references
 * between sections and ranges that depend on other fields are checked by the compiler, which
 * can say more than a schema can. `fleetsim schema` prints this for editors (e.g. the YAML
 * language server's `# yaml-language-server: $schema=...`).
 *
 * Every object is closed (`additionalProperties: false`) so a misspelt key is an error with a
 * suggestion, never silently ignored.
 */
type Schema = Record<string, unknown>;

const duration: Schema = {
  type: ['string', 'number'],
  description: 'A duration: 500ms, 90s, 5m, 2h, 1h30m, or a number of seconds.',
};

const count: Schema = { type: 'integer', minimum: 0 };

const bound: Schema = {
  description: 'An exact value, or bounds: {min, max, equals}.',
  anyOf: [
    count,
    {
      type: 'object',
      additionalProperties: false,
      properties: { min: count, max: count, equals: count },
      minProperties: 1,
    },
  ],
};

const seconds = (what: string, min = 0): Schema => ({ type: 'integer', minimum: min, description: what });

const ecsHealthCheck: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'ECS container health check (seconds, as in the task definition).',
  properties: {
    command: { type: 'array', items: { type: 'string' } },
    interval: seconds('Seconds between checks (default 30).', 5),
    timeout: seconds('Seconds before a check fails (default 5).', 2),
    retries: seconds('Consecutive failures before UNHEALTHY (default 3).', 1),
    startPeriod: seconds('Grace period in seconds during which failures do not count (default 0).'),
  },
};

const readinessProbe: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'Kubernetes readiness probe (seconds).',
  properties: {
    initialDelaySeconds: seconds('Default 0.'),
    periodSeconds: seconds('Default 10.', 1),
    timeoutSeconds: seconds('Default 1.', 1),
    successThreshold: seconds('Consecutive passing probes to be Ready again after failing (and at start). Default 1.', 1),
    failureThreshold: seconds('Default 3.', 1),
  },
};

const targetGroup: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'The ALB target group in front of the service (defaults are ALB\'s).',
  properties: {
    healthCheckIntervalSeconds: seconds('Default 30.', 5),
    healthyThresholdCount: seconds('Default 5.', 2),
    unhealthyThresholdCount: seconds('Default 2.', 2),
    healthCheckTimeoutSeconds: seconds('Default 5.', 2),
    deregistrationDelaySeconds: seconds('Default 300.'),
  },
};

const readyAfter: Schema = {
  type: ['string', 'number'],
  description: 'fleetsim app model: median time from container start until the app answers its health check (default 2s).',
};

/** fleetsim's app model of a stop (docs/models.md, "Graceful shutdown"). */
const handlesSigterm: Schema = { type: 'boolean', description: 'fleetsim app model: the app drains its in-flight requests and exits on SIGTERM (default true); false: it runs on until SIGKILL.' };
const requestDuration: Schema = { type: ['string', 'number'], description: 'fleetsim app model: how long one request takes, e.g. 200ms (default 0: nothing is ever in flight at a stop).' };

/** fleetsim's app failure models (docs/models.md, "Application failures and back-off"). */
const crash: Schema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description: 'fleetsim app model: the process exits non-zero after starting. ECS stops the task (EssentialContainerExited); kubelet restarts the container with its back-off (CrashLoopBackOff).',
  properties: {
    onStartProbability: { type: 'number', minimum: 0, maximum: 1, description: 'Each start, the app crashes 1 s after starting with this probability (a seeded draw per start).' },
    after: { ...duration, description: 'The app crashes this long after every start, e.g. 45s.' },
  },
};
const memoryLeak: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['perMinute'],
  description: "fleetsim app model: resident memory grows from the container's start until the task's memory (pods: the memory requests, taken as the limit); then the kernel OOM-kills it (exit code 137).",
  properties: { perMinute: { type: ['string', 'number'], description: 'Growth per minute, e.g. 50MiB.' } },
};
const healthEndpoint: Schema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description: "fleetsim app model: how the app's health endpoint answers checks (ECS container health check, ALB target checks, Kubernetes probes). Default: it passes once the app is ready, whatever the load.",
  properties: {
    failsAfter: { ...duration, description: 'The endpoint starts failing this long after each container start (0s: it never passes), e.g. a dependency it checks goes away.' },
    queuedWithRequests: { type: 'boolean', description: "The check waits in the request queue (default false): it takes the task's response time, so it fails when that exceeds the check's timeout, and always when the task is saturated." },
  },
};
const livenessProbe: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'Kubernetes liveness probe (seconds): after failureThreshold consecutive failures kubelet kills the container and restarts it (with its back-off).',
  properties: {
    initialDelaySeconds: seconds('Default 0.'),
    periodSeconds: seconds('Default 10.', 1),
    timeoutSeconds: seconds('Default 1.', 1),
    failureThreshold: seconds('Default 3.', 1),
  },
};
const imagePull: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['fails'],
  description: "fleetsim fault: every pull of this container's image fails (ECS CannotPullContainerError; Kubernetes ErrImagePull, then ImagePullBackOff).",
  properties: { fails: { enum: ['registry-unreachable', 'access-denied', 'tag-not-found'] } },
};

/** The app failure models a container, or a deploy event's new revision, may set. */
const appFaults = { crash, memoryLeak, imagePull, healthEndpoint } as const;

/** What ECS containers and pod containers share: the image and fleetsim's app model. */
const containerCommon = {
  name: { type: 'string', minLength: 1 },
  image: { type: 'string', minLength: 1, description: 'Image reference; tasks sharing it share a host\'s image cache.' },
  imageSize: { type: ['string', 'number'], description: 'Compressed image size: 50MB, 200Mi, 1GB.' },
  layers: { type: 'integer', minimum: 1, description: 'Number of image layers (default 5).' },
  soci: { type: 'boolean', description: 'The image has a SOCI index: Fargate lazy-loads it (default false).' },
  readyAfter,
  handlesSigterm,
  requestDuration,
  ...appFaults,
} as const satisfies Record<string, Schema>;

const containerDefinition: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'image', 'imageSize'],
  properties: {
    ...containerCommon,
    essential: { type: 'boolean', description: 'ECS: the task stops when an essential container stops (default true).' },
    healthCheck: ecsHealthCheck,
    stopTimeout: { type: 'integer', minimum: 0, description: 'Seconds between SIGTERM and SIGKILL when the task stops (default 30, at most 120).' },
    portMappings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['containerPort'],
        properties: {
          containerPort: { type: 'integer', minimum: 1, maximum: 65535 },
          hostPort: { type: 'integer', minimum: 0, maximum: 65535, description: 'bridge: 0 or omitted = dynamic; host: must equal containerPort.' },
          protocol: { enum: ['tcp', 'udp'] },
        },
      },
    },
  },
};

const taskDefinition: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['cpu', 'memory', 'containerDefinitions'],
  properties: {
    family: { type: 'string', minLength: 1, description: 'Defaults to the service name.' },
    revision: { type: 'integer', minimum: 1 },
    cpu: { type: ['string', 'integer'], description: "Task CPU: units (256 = 0.25 vCPU) or '0.5 vCPU'." },
    memory: { type: ['string', 'integer'], description: "Task memory: MiB (512) or '2 GB'." },
    networkMode: { enum: ['awsvpc', 'bridge', 'host', 'none'], description: 'ECS network mode (default bridge).' },
    runtimePlatform: {
      type: 'object',
      additionalProperties: false,
      properties: { cpuArchitecture: { enum: ['X86_64', 'ARM64'] }, operatingSystemFamily: { enum: ['LINUX'] } },
    },
    containerDefinitions: { type: 'array', minItems: 1, items: containerDefinition },
  },
};

const strategyItem: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['capacityProvider'],
  properties: {
    capacityProvider: { type: 'string', description: 'A capacity provider of the cluster, or FARGATE / FARGATE_SPOT.' },
    base: { ...count, description: 'Tasks placed on this provider first (default 0; at most one item may set it).' },
    weight: { ...count, description: 'Relative share after the bases (default 0, ECS requires > 0 on one item).' },
  },
};

const rpsPoint: Schema = { type: 'object', additionalProperties: false, required: ['at', 'rps'], properties: { at: duration, rps: { type: 'number', minimum: 0 } } };
const load: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['rps', 'cpuPerRequest'],
  description: 'Traffic: requests per second over time, and what a request costs.',
  properties: {
    rps: {
      description: 'A number (constant), or one of {steps}, {ramp}, {diurnal}, {spike}, {trace}.',
      anyOf: [
        { type: 'number', minimum: 0 },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          properties: {
            steps: { type: 'array', minItems: 1, items: rpsPoint },
            ramp: { type: 'object', additionalProperties: false, required: ['from', 'to', 'start', 'end'], properties: { from: { type: 'number', minimum: 0 }, to: { type: 'number', minimum: 0 }, start: duration, end: duration } },
            diurnal: { type: 'object', additionalProperties: false, required: ['min', 'max'], properties: { min: { type: 'number', minimum: 0 }, max: { type: 'number', minimum: 0 }, period: duration, peakAt: duration } },
            spike: { type: 'object', additionalProperties: false, required: ['base', 'peak', 'at', 'duration'], properties: { base: { type: 'number', minimum: 0 }, peak: { type: 'number', minimum: 0 }, at: duration, duration } },
            trace: { type: 'string', description: 'A CSV file (relative to the scenario) with columns time_s,rps.' },
          },
        },
      ],
    },
    cpuPerRequest: { ...duration, description: 'CPU time one request costs on one vCPU, e.g. 20ms.' },
    latency: { ...duration, description: 'Response time on an idle task (default 50ms).' },
    dnsLookupsPerRequest: {
      type: 'number',
      minimum: 0,
      description: 'EKS: DNS queries one request makes through CoreDNS (an A and an AAAA query per lookup of a Service name; more with search-path expansion). Default 0: none.',
    },
    dnsName: { type: 'string', minLength: 1, description: 'The name those queries look up, for messages (default <workload>-backend.default.svc.cluster.local).' },
  },
};

const scalingMetric: Schema = { enum: ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget'] };
const serviceAutoScaling: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['minCapacity', 'maxCapacity'],
  description: 'ECS Service Auto Scaling: the scalable target (desired count) and its policies.',
  properties: {
    minCapacity: count,
    maxCapacity: count,
    targetTracking: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric', 'targetValue'],
        properties: {
          name: { type: 'string' },
          metric: scalingMetric,
          targetValue: { type: 'number', exclusiveMinimum: 0 },
          scaleOutCooldown: { type: 'integer', minimum: 0, description: 'Seconds (default 300).' },
          scaleInCooldown: { type: 'integer', minimum: 0, description: 'Seconds (default 300).' },
          disableScaleIn: { type: 'boolean' },
        },
      },
    },
    stepScaling: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric', 'threshold', 'comparison', 'adjustmentType', 'stepAdjustments'],
        properties: {
          name: { type: 'string' },
          metric: scalingMetric,
          threshold: { type: 'number' },
          comparison: { enum: ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanOrEqualToThreshold', 'LessThanThreshold'] },
          evaluationPeriods: { type: 'integer', minimum: 1 },
          datapointsToAlarm: { type: 'integer', minimum: 1 },
          adjustmentType: { enum: ['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity'] },
          stepAdjustments: {
            type: 'array',
            minItems: 1,
            items: { type: 'object', additionalProperties: false, required: ['scalingAdjustment'], properties: { lower: { type: 'number' }, upper: { type: 'number' }, scalingAdjustment: { type: 'integer' } } },
          },
          minAdjustmentMagnitude: { type: 'integer', minimum: 1 },
          metricAggregationType: { enum: ['Average', 'Minimum', 'Maximum'] },
          cooldown: { type: 'integer', minimum: 0, description: 'Seconds (default 300).' },
        },
      },
    },
  },
};

const service: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceName', 'desiredCount', 'taskDefinition'],
  properties: {
    serviceName: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,255}$', description: 'ECS service name (letters, digits, - and _).' },
    launchType: { enum: ['EC2', 'FARGATE'], description: 'Where tasks run (default EC2). FARGATE needs networkMode awsvpc and a Fargate task size.' },
    desiredCount: count,
    taskDefinition,
    capacityProviderStrategy: { type: 'array', minItems: 1, maxItems: 6, items: strategyItem, description: 'Instead of launchType.' },
    placementStrategy: {
      type: 'array',
      maxItems: 5,
      description: 'ECS placement strategies, applied in order (default: spread over AZs, then instances).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: { type: { enum: ['binpack', 'spread', 'random'] }, field: { type: 'string', description: 'binpack: cpu | memory; spread: instanceId | host | attribute:<name>.' } },
      },
    },
    placementConstraints: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: { type: { enum: ['distinctInstance', 'memberOf'] }, expression: { type: 'string', description: 'memberOf: a cluster query language expression.' } },
      },
    },
    loadBalancer: targetGroup,
    healthCheckGracePeriodSeconds: seconds('ECS: how long after a task starts the service scheduler ignores failed load balancer and container health checks (default 0).'),
    deploymentConfiguration: {
      type: 'object',
      additionalProperties: false,
      description: 'Rolling update bounds and the deployment circuit breaker (ECS DeploymentConfiguration).',
      properties: {
        minimumHealthyPercent: { type: 'integer', minimum: 0, maximum: 100, description: 'Healthy tasks kept during a deployment, percent of desiredCount rounded up (default 100).' },
        maximumPercent: { type: 'integer', minimum: 100, description: 'Tasks allowed during a deployment, percent of desiredCount rounded down (default 200).' },
        deploymentCircuitBreaker: {
          type: 'object',
          additionalProperties: false,
          required: ['enable', 'rollback'],
          description: 'Fail the deployment after 0.5 x desiredCount (3..200) failed tasks; rollback: redeploy the last COMPLETED revision.',
          properties: { enable: { type: 'boolean' }, rollback: { type: 'boolean' } },
        },
      },
    },
    load,
    autoScaling: serviceAutoScaling,
    networkConfiguration: {
      type: 'object',
      additionalProperties: false,
      properties: {
        awsvpcConfiguration: {
          type: 'object',
          additionalProperties: false,
          required: ['subnets'],
          properties: { subnets: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'Subnet ids (from cluster.vpc.subnets) for task ENIs.' } },
        },
      },
    },
  },
};

const autoScalingGroup: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'instanceType', 'desiredCapacity'],
  properties: {
    name: { type: 'string', minLength: 1 },
    instanceType: { type: 'string', description: 'EC2 instance type, e.g. m5.xlarge.' },
    desiredCapacity: count,
    minSize: { ...count, description: 'Default 0.' },
    maxSize: { ...count, description: 'Default: desiredCapacity (set it to let the group grow).' },
    attributes: { type: 'object', additionalProperties: { type: 'string' }, description: 'ECS custom attributes of the container instances (for memberOf and spread).' },
    availabilityZones: { type: 'array', minItems: 1, items: { type: 'string' }, description: "Defaults to the cluster's AZs." },
    cachedImages: { type: 'array', items: { type: 'string' }, description: 'Images already on the instances (baked into the AMI or pre-pulled).' },
  },
};

const quantity = (what: string): Schema => ({ type: ['string', 'number'], description: what });

const podContainer: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'image', 'imageSize'],
  properties: {
    ...containerCommon,
    readinessProbe,
    livenessProbe,
    resources: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requests: {
          type: 'object',
          additionalProperties: false,
          properties: { cpu: quantity('CPU request: 250m, 0.5, 2'), memory: quantity('Memory request: 128Mi, 1Gi') },
        },
        limits: {
          type: 'object',
          additionalProperties: false,
          description: 'A limit without a request sets the request to it. memory: where a memoryLeak is OOM-killed; cpu: checked against the request, throttling is not modelled.',
          properties: { cpu: quantity('CPU limit: 500m, 1'), memory: quantity('Memory limit: 256Mi, 1Gi') },
        },
      },
    },
  },
};

const stringMap = (what: string): Schema => ({ type: 'object', additionalProperties: { type: 'string' }, description: what });
const matchExpressions = (operators: string[]): Schema => ({
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['key', 'operator'],
    properties: { key: { type: 'string' }, operator: { enum: operators }, values: { type: 'array', items: { type: 'string' } } },
  },
});
const labelSelector: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { matchLabels: stringMap('Labels that must all match.'), matchExpressions: matchExpressions(['In', 'NotIn', 'Exists', 'DoesNotExist']) },
};
const nodeSelectorTerm: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { matchExpressions: matchExpressions(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']) },
};
const affinity: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    nodeAffinity: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          type: 'object',
          additionalProperties: false,
          required: ['nodeSelectorTerms'],
          properties: { nodeSelectorTerms: { type: 'array', items: nodeSelectorTerm } },
        },
        preferredDuringSchedulingIgnoredDuringExecution: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['weight', 'preference'], properties: { weight: { type: 'integer', minimum: 1, maximum: 100 }, preference: nodeSelectorTerm } },
        },
      },
    },
    podAntiAffinity: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['topologyKey'], properties: { labelSelector, topologyKey: { type: 'string' } } },
        },
      },
    },
  },
};
const taintEffect: Schema = { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] };
const toleration: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { key: { type: 'string' }, operator: { enum: ['Equal', 'Exists'] }, value: { type: 'string' }, effect: taintEffect, tolerationSeconds: { type: 'integer', minimum: 0 } },
};
const topologySpreadConstraint: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  properties: {
    maxSkew: { type: 'integer', minimum: 1 },
    topologyKey: { type: 'string' },
    whenUnsatisfiable: { enum: ['DoNotSchedule', 'ScheduleAnyway'] },
    labelSelector,
    minDomains: { type: 'integer', minimum: 1 },
  },
};

const hpaRules: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stabilizationWindowSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
    selectPolicy: { enum: ['Max', 'Min', 'Disabled'] },
    policies: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'value', 'periodSeconds'],
        properties: { type: { enum: ['Pods', 'Percent'] }, value: { type: 'integer', minimum: 1 }, periodSeconds: { type: 'integer', minimum: 1, maximum: 1800 } },
      },
    },
  },
};
const horizontalPodAutoscaler: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['maxReplicas'],
  description: 'A HorizontalPodAutoscaler (autoscaling/v2) on this Deployment.',
  properties: {
    minReplicas: { type: 'integer', minimum: 1 },
    maxReplicas: { type: 'integer', minimum: 1 },
    metrics: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'resource'],
        properties: {
          type: { enum: ['Resource'] },
          resource: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'target'],
            properties: {
              name: { enum: ['cpu', 'memory'] },
              target: {
                type: 'object',
                additionalProperties: false,
                required: ['type'],
                properties: { type: { enum: ['Utilization', 'AverageValue'] }, averageUtilization: { type: 'integer', minimum: 1 }, averageValue: quantity('Per pod: 500m, 1Gi') },
              },
            },
          },
        },
      },
    },
    behavior: { type: 'object', additionalProperties: false, properties: { scaleUp: hpaRules, scaleDown: hpaRules } },
  },
};

const intOrPercent: Schema = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[0-9]+%$' }] };

const workload: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'replicas', 'containers'],
  properties: {
    kind: { enum: ['Deployment'] },
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', description: 'Kubernetes object name (DNS-1123 label).' },
    namespace: { type: 'string', description: "Default 'default'. A Fargate profile selecting it runs the pods on Fargate." },
    replicas: count,
    containers: { type: 'array', minItems: 1, items: podContainer },
    terminationGracePeriodSeconds: { type: 'integer', minimum: 0, description: 'Seconds between SIGTERM and SIGKILL when a pod stops (default 30).' },
    strategy: {
      type: 'object',
      additionalProperties: false,
      description: 'Deployment strategy for deploy events: RollingUpdate (default) or Recreate.',
      properties: {
        type: { enum: ['RollingUpdate', 'Recreate'], description: 'Recreate: every old pod is deleted before the new ReplicaSet creates any (default RollingUpdate).' },
        rollingUpdate: {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxSurge: { ...intOrPercent, description: 'Pods above replicas during a rollout: a count or a percent of replicas rounded up (default 25%).' },
            maxUnavailable: { ...intOrPercent, description: 'Pods below replicas that may be unavailable: a count or a percent of replicas rounded down (default 25%). Not 0 when maxSurge is 0.' },
          },
        },
      },
    },
    podDisruptionBudget: {
      type: 'object',
      additionalProperties: false,
      description: 'PodDisruptionBudget for the pods: node drains evict a pod only if the budget allows it (else 429, retried every 5 s as kubectl drain does).',
      properties: {
        minAvailable: { ...intOrPercent, description: 'Ready pods that must remain: a count or a percent of replicas rounded up.' },
        maxUnavailable: { ...intOrPercent, description: 'Pods that may be unavailable: a count or a percent of replicas rounded up.' },
      },
      minProperties: 1,
      maxProperties: 1,
    },
    minReadySeconds: { type: 'integer', minimum: 0, description: 'A new pod counts as available for the rollout only after being Ready this long (default 0).' },
    progressDeadlineSeconds: { type: 'integer', minimum: 1, description: 'A rollout without progress this long gets Progressing=False, ProgressDeadlineExceeded (default 600; no automatic rollback).' },
    loadBalancer: targetGroup,
    load,
    horizontalPodAutoscaler,
    labels: stringMap('Pod template labels (default app: <name>).'),
    nodeSelector: stringMap('Node labels the pods require.'),
    affinity,
    tolerations: { type: 'array', items: toleration },
    topologySpreadConstraints: { type: 'array', items: topologySpreadConstraint },
    priority: { type: 'integer' },
  },
};

const subnet: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['az', 'cidr'],
  properties: {
    id: { type: 'string', minLength: 1, description: 'Name used in outputs (default subnet-1, subnet-2, ...).' },
    az: { type: 'string' },
    cidr: { type: 'string', description: 'IPv4 CIDR, /16 to /28, e.g. 10.0.0.0/24.' },
  },
};

const cni: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'Amazon VPC CNI settings (aws-node environment variables).',
  properties: {
    prefixDelegation: { type: 'boolean', description: 'ENABLE_PREFIX_DELEGATION (default false).' },
    warmEniTarget: { type: 'integer', minimum: 0, description: 'WARM_ENI_TARGET (default 1).' },
    warmIpTarget: { type: 'integer', minimum: 0, description: 'WARM_IP_TARGET (default unset).' },
    minimumIpTarget: { type: 'integer', minimum: 0, description: 'MINIMUM_IP_TARGET (default unset).' },
    warmPrefixTarget: { type: 'integer', minimum: 0, description: 'WARM_PREFIX_TARGET (default 1).' },
  },
};

const nodeGroup: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'instanceType', 'desiredSize'],
  properties: {
    name: { type: 'string', minLength: 1 },
    instanceType: { type: 'string', description: 'EC2 instance type, e.g. c5.4xlarge.' },
    desiredSize: count,
    minSize: { ...count, description: 'Default 0.' },
    maxSize: { ...count, description: 'Default: desiredSize (set it to let the group grow).' },
    availabilityZones: { type: 'array', minItems: 1, items: { type: 'string' } },
    maxPods: { type: 'integer', minimum: 1, description: "kubelet --max-pods (default: the VPC CNI's figure)." },
    labels: stringMap('Kubernetes labels on the nodes (besides the well-known ones).'),
    taints: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['key', 'effect'], properties: { key: { type: 'string' }, value: { type: 'string' }, effect: taintEffect } } },
    cachedImages: { type: 'array', items: { type: 'string' }, description: 'Images already on the nodes (baked into the AMI or pre-pulled).' },
  },
};

const capacityProvider: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'autoScalingGroup'],
  properties: {
    name: { type: 'string', minLength: 1 },
    autoScalingGroup: { type: 'string', description: 'The Auto Scaling group (cluster.autoScalingGroups) behind it.' },
    managedScaling: {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { enum: ['ENABLED', 'DISABLED'] },
        targetCapacity: { type: 'integer', minimum: 1, maximum: 100, description: 'Target CapacityProviderReservation percent (default 100).' },
        minimumScalingStepSize: { type: 'integer', minimum: 1, maximum: 10000 },
        maximumScalingStepSize: { type: 'integer', minimum: 1, maximum: 10000 },
        instanceWarmupPeriod: { type: 'integer', minimum: 0, maximum: 10000, description: 'Seconds (default 300).' },
      },
    },
    managedTerminationProtection: { enum: ['ENABLED', 'DISABLED'] },
  },
};

const scaleEvent: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'ECS: {service, desiredCount} or {autoScalingGroup, desiredCapacity}; EKS: {workload, replicas} or {nodeGroup, desiredSize}.',
  properties: {
    service: { type: 'string' },
    desiredCount: count,
    workload: { type: 'string' },
    replicas: count,
    autoScalingGroup: { type: 'string' },
    desiredCapacity: count,
    nodeGroup: { type: 'string' },
    desiredSize: count,
  },
};

const spotInterruption: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'AWS reclaims Spot capacity: {count} or a {fraction} of the Fargate Spot tasks (ECS) or of Karpenter\'s spot nodes (EKS) get the two-minute warning.',
  properties: { count: { type: 'integer', minimum: 1 }, fraction: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
  minProperties: 1,
  maxProperties: 1,
};

const deployEvent: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['service'],
  description: "Register the service's next task definition revision (ECS) or pod template (EKS Deployment: a new ReplicaSet), with the first container's image and app failure faults replaced, and roll it out.",
  properties: { service: { type: 'string' }, image: { type: 'string', minLength: 1 }, ...appFaults },
};

const nodeFailure: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'Instances fail: {count} at random, or {az} for every instance in an Availability Zone (an AZ outage).',
  properties: { count: { type: 'integer', minimum: 1 }, az: { type: 'string' } },
  minProperties: 1,
  maxProperties: 1,
};

const nodePool: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'requirements'],
  description: 'A Karpenter NodePool (karpenter.sh/v1 spec, flattened).',
  properties: {
    name: { type: 'string' },
    weight: { type: 'integer', minimum: 0, maximum: 100 },
    requirements: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: { key: { type: 'string' }, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] }, values: { type: 'array', items: { type: 'string' } } },
      },
    },
    limits: { type: 'object', additionalProperties: false, properties: { cpu: quantity('CPU: "100" or 100'), memory: quantity('Memory: 400Gi') } },
    disruption: {
      type: 'object',
      additionalProperties: false,
      properties: {
        consolidationPolicy: { enum: ['WhenEmpty', 'WhenEmptyOrUnderutilized', 'WhenUnderutilized'], description: 'WhenUnderutilized is v1beta1 (the seed), the same as WhenEmptyOrUnderutilized.' },
        consolidateAfter: { type: ['string', 'number'], description: "Duration or 'Never' (default 0s)." },
        expireAfter: { type: ['string', 'number'], description: "Duration or 'Never' (default 720h)." },
        budgets: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['nodes'], properties: { nodes: { type: 'string' } } } },
      },
    },
  },
};

const registryOutage: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['duration'],
  description: 'Fault: a container registry is unreachable for a while. Image pulls that start meanwhile fail as registry-unreachable (ECS CannotPullContainerError, kubelet ErrImagePull then ImagePullBackOff); images cached on a host need no pull.',
  properties: {
    duration: { ...duration, description: 'How long the registry stays unreachable, e.g. 10m.' },
    registry: { type: 'string', minLength: 1, description: 'Only this registry host, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com (default: every registry).' },
  },
};

const taskKill: Schema = {
  type: 'object',
  additionalProperties: false,
  description: "Fault: the essential container of {count} or a {fraction} of a service's (ECS) or workload's (EKS) RUNNING tasks, chosen at random, is killed (SIGKILL, exit code 137). ECS stops the task (Essential container in task exited) and replaces it; kubelet restarts the container in place after its back-off.",
  properties: {
    service: { type: 'string', description: 'The ECS service (or use workload).' },
    workload: { type: 'string', description: 'The Kubernetes workload (or use service).' },
    count: { type: 'integer', minimum: 1 },
    fraction: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
  },
};

const nodeNotReady: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['count'],
  description: 'Fault (EKS): the kubelet of {count} random nodes loses contact with the control plane while the instance keeps running. NotReady after node-monitor-grace-period (40 s), pods evicted after the 300 s unreachable toleration; when the duration ends first the node is Ready again and keeps its pods.',
  properties: {
    count: { type: 'integer', minimum: 1 },
    duration: { ...duration, description: 'How long the partition lasts (default: the rest of the run).' },
  },
};

const corednsFailure: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['replicas'],
  description: 'EKS: this many running CoreDNS pods crash (container killed, exit code 137); kubelet restarts them after its back-off.',
  properties: { replicas: { type: 'integer', minimum: 1 } },
};

const apiLoad: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['client', 'qps'],
  description: 'EKS: an API client (a service account) starts calling the Kubernetes API server; it competes with the controllers under API Priority and Fairness.',
  properties: {
    client: { type: 'string', minLength: 1, description: 'Its service account name, shown in 429 messages.' },
    namespace: { type: 'string', minLength: 1, description: "Its service account's namespace (default kube-system: the kube-system-service-accounts FlowSchema, priority level workload-high)." },
    qps: { type: 'number', exclusiveMinimum: 0, description: 'Requests per second it sends (before its client-side rate limit).' },
    verb: { enum: ['get', 'list', 'create', 'update', 'patch', 'delete'], description: 'Default list.' },
    resource: { type: 'string', minLength: 1, description: 'For messages (default pods).' },
    targetNamespace: { type: 'string', description: "Namespace of the objects it asks for (default default, the workloads' namespace; \"\" = cluster-wide)." },
    objects: { type: 'integer', minimum: 1, description: 'Objects one LIST returns (default 500): sets its APF seats (objects/100, 1-10) and duration.' },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      description: "client-go's client-side rate limiter (rest.Config QPS and Burst; client-go's defaults are 5 and 10).",
      properties: { qps: { type: 'number', exclusiveMinimum: 0 }, burst: { type: 'integer', minimum: 1 } },
    },
    duration: { ...duration, description: 'How long it keeps calling (default: to the end of the run).' },
  },
};

const timedEvent: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['at'],
  minProperties: 2,
  description:
    'At a time, one of: scale, deploy, rolloutUndo, or a fault (spotInterruption, nodeFailure, registryOutage, taskKill, nodeNotReady, corednsFailure, apiLoad). A fault other than apiLoad may repeat instead: from at until until, every a fixed period or ratePerHour Poisson arrivals.',
  properties: {
    at: { ...duration, description: 'When the event happens; with a rate, when the arrivals begin.' },
    until: { ...duration, description: 'With every or ratePerHour: no arrival at or after this time (required with them, after at).' },
    every: { ...duration, description: 'A fault at a fixed period: at, at + every, ... before until.' },
    ratePerHour: { type: 'number', exclusiveMinimum: 0, description: 'A fault as Poisson arrivals: this many an hour on average, exponential gaps from at, before until.' },
    scale: scaleEvent,
    spotInterruption,
    nodeFailure,
    deploy: deployEvent,
    rolloutUndo: {
      type: 'object',
      additionalProperties: false,
      required: ['workload'],
      description: 'EKS: `kubectl rollout undo deployment/<workload>`: roll the Deployment back to its last completed pod template (a new rollout, with its strategy).',
      properties: { workload: { type: 'string' } },
    },
    registryOutage,
    taskKill,
    nodeNotReady,
    corednsFailure,
    apiLoad,
  },
};

const expectation: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    at: { ...duration, description: 'When to check; default: the end of the run.' },
    service: { type: 'string', description: 'An ECS service (or use workload).' },
    workload: { type: 'string', description: 'A Kubernetes workload (or use service).' },
    desired: bound,
    running: bound,
    pending: bound,
    unplaced: bound,
    stopped: bound,
    http5xx: { ...bound, description: 'Failed requests so far (ALB target and ELB 5XX), from the closed minutes.' },
    dropped: { ...bound, description: 'Requests in flight when their task was killed (SIGKILL at the stop timeout) so far.' },
    restarts: { ...bound, description: 'Containers restarted in place after a crash or OOM kill (Kubernetes restartCount, summed) so far.' },
    exits: { ...bound, description: 'Containers that exited on their own (crash, OOM kill) so far; on ECS each stops its task.' },
    scaleReversals: { ...bound, description: 'How often the desired count changed direction (flapping).' },
    azSkew: { ...bound, description: 'Tasks in the fullest AZ minus the emptiest (over AZs with hosts or subnets).' },
    revision: { ...bound, description: "ECS: the PRIMARY deployment's task definition revision." },
    primaryRunning: { ...bound, description: "ECS: RUNNING tasks of the PRIMARY deployment's revision." },
    rollbacks: { ...bound, description: 'Rollbacks so far: ECS circuit-breaker rollbacks, EKS rolloutUndo events.' },
    dnsFailures: { ...bound, description: "EKS: the workload's requests that failed because a DNS lookup timed out (CoreDNS), so far, from the closed minutes." },
    hosts: { ...bound, description: 'Cluster-wide: hosts (instances, nodes) registered and not draining. Without service/workload.' },
    reason: { type: 'string', description: 'Text that an event about the service must contain by then.' },
    since: { ...duration, description: 'With reason: only events at or after this time count (default 0).' },
  },
};

const usd = (what: string): Schema => ({ type: 'number', minimum: 0, description: `USD ${what}.` });
const fraction = (what: string): Schema => ({ type: 'number', minimum: 0, maximum: 1, description: what });

/** `pricing:` overrides of the cost model's prices and assumptions (docs/costs.md; defaults in src/model/pricing.ts). */
const pricing: Schema = {
  type: 'object',
  additionalProperties: false,
  description: 'Overrides of the prices the cost report uses (us-east-1 public prices by default; see docs/costs.md).',
  properties: {
    fargate: {
      type: 'object',
      additionalProperties: false,
      properties: {
        vcpuHour: usd('per vCPU-hour, Linux/x86 (default 0.04048)'),
        gbHour: usd('per GB-hour, Linux/x86 (default 0.004445)'),
        armVcpuHour: usd('per vCPU-hour, Linux/ARM (default 0.03238)'),
        armGbHour: usd('per GB-hour, Linux/ARM (default 0.00356)'),
        spotDiscount: fraction('Fargate Spot below Fargate (default 0.7: "up to 70 %").'),
      },
    },
    ec2: {
      type: 'object',
      additionalProperties: false,
      properties: {
        onDemandHourly: { type: 'object', additionalProperties: { type: 'number', minimum: 0 }, description: 'USD per hour by instance type, replacing the catalog price, e.g. { m5.xlarge: 0.192 }.' },
        spotDiscount: fraction('EC2 Spot below on-demand (default: cluster.karpenter.spotDiscount, else 0.65).'),
      },
    },
    commitment: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      description: 'Reserved Instances (EC2) or a Compute Savings Plan (EC2 and Fargate) covering on-demand usage.',
      properties: {
        type: { enum: ['none', 'reserved-instances', 'savings-plan'] },
        discount: fraction('Off covered EC2 usage (default: 0.37 for reserved-instances, 1-year no upfront; 0.36 for savings-plan).'),
        fargateDiscount: fraction('Off covered Fargate usage, savings-plan only (default 0.2).'),
        coverage: fraction('Fraction of on-demand usage covered (default 1).'),
      },
    },
    eksControlPlaneHourly: usd('per EKS cluster-hour (default 0.10)'),
    loadBalancer: {
      type: 'object',
      additionalProperties: false,
      properties: { hourly: usd('per ALB-hour or partial hour (default 0.0225)'), lcuHourly: usd('per LCU-hour (default 0.008)') },
    },
    dataTransferOutPerGb: usd('per GB out to the internet (default 0.09)'),
    requests: {
      type: 'object',
      additionalProperties: false,
      description: 'What a request costs the ALB and the network (assumptions; fleetsim models request counts only).',
      properties: {
        requestBytes: { type: 'integer', minimum: 0, description: 'Bytes per request (default 1024).' },
        responseBytes: { type: 'integer', minimum: 0, description: 'Bytes per successful response (default 2048).' },
        requestsPerConnection: { type: 'number', minimum: 1, description: 'Requests per client connection (default 10).' },
        connectionDuration: { ...duration, description: 'How long a client connection stays open (default 10s).' },
        rulesEvaluated: { type: 'integer', minimum: 0, description: 'Listener rules evaluated per request (default 1; the first 10 are free).' },
      },
    },
    projectionWindow: { ...duration, description: 'Steady-state window before the end of the run that the monthly projection scales (default: the last quarter of the run).' },
  },
};

export const SCENARIO_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://fleetsim.dev/schema/scenario.json',
  title: 'fleetsim scenario',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'duration', 'cluster'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'Scenario name; also the default output folder.' },
    description: { type: 'string' },
    seed: { type: ['integer', 'string'], description: 'Master random seed (default 1); --seed overrides it.' },
    duration: { ...duration, description: 'Simulated time to run.' },
    sampleInterval: { ...duration, description: 'timeline.csv sampling interval (default 10s).' },
    maxEvents: { type: 'integer', minimum: 1, description: 'Hard limit on simulated events (default 50,000,000).' },
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['platform'],
      properties: {
        platform: { enum: ['ecs', 'eks'], description: 'Orchestrator.' },
        name: { type: 'string' },
        region: { type: 'string', description: 'AWS region (default us-east-1).' },
        availabilityZones: { type: 'array', minItems: 1, items: { type: 'string' } },
        ecsReservedMemory: { type: 'integer', minimum: 0, description: 'ECS_RESERVED_MEMORY in MiB (default 0).' },
        autoScalingGroups: { type: 'array', items: autoScalingGroup, description: 'ECS container instances.' },
        nodeGroups: { type: 'array', items: nodeGroup, description: 'EKS managed node groups.' },
        vpc: {
          type: 'object',
          additionalProperties: false,
          required: ['subnets'],
          properties: { subnets: { type: 'array', minItems: 1, items: subnet } },
        },
        cni,
        capacityProviders: { type: 'array', items: capacityProvider, description: 'ECS Auto Scaling group capacity providers.' },
        defaultCapacityProviderStrategy: { type: 'array', minItems: 1, maxItems: 6, items: strategyItem },
        scheduler: {
          type: 'object',
          additionalProperties: false,
          description: 'kube-scheduler profile (KubeSchedulerProfile): plugins with weights, plugin args, percentageOfNodesToScore.',
          properties: {
            schedulerName: { type: 'string' },
            plugins: {
              type: 'array',
              description: 'The enabled plugins and their score weights (default: the default profile).',
              items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, weight: { type: 'integer', minimum: 0 } } },
            },
            pluginConfig: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['name', 'args'], properties: { name: { type: 'string' }, args: { type: 'object' } } } },
            percentageOfNodesToScore: { type: 'integer', minimum: 0, maximum: 100 },
          },
        },
        karpenter: {
          type: 'object',
          additionalProperties: false,
          required: ['nodePools'],
          description: 'Karpenter (EKS): provisions nodes for pending pods and consolidates them.',
          properties: {
            nodePools: { type: 'array', minItems: 1, items: nodePool },
            batchIdleDuration: { ...duration, description: 'Default 1s.' },
            batchMaxDuration: { ...duration, description: 'Default 10s.' },
            spotDiscount: { type: 'number', minimum: 0, maximum: 0.95, description: 'Spot price below on-demand, as a fraction (default 0.65).' },
          },
        },
        fargateSpot: {
          type: 'object',
          additionalProperties: false,
          properties: { interruptionsPerTaskHour: { type: 'number', minimum: 0, description: 'Random Spot interruptions per task-hour (default 0).' } },
        },
        awsvpcTrunking: { type: 'boolean', description: 'ECS account setting awsvpcTrunking: more awsvpc tasks per instance (default false).' },
        fargateProfiles: {
          type: 'array',
          description: 'EKS Fargate profiles: pods in a selected namespace run on Fargate.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'selectors'],
            properties: {
              name: { type: 'string' },
              selectors: { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: ['namespace'], properties: { namespace: { type: 'string' } } } },
            },
          },
        },
        coreDns: {
          description: 'EKS: run CoreDNS (2 replicas, pod IPs) as EKS does (default true); or {replicas} to run more (or fewer).',
          anyOf: [{ type: 'boolean' }, { type: 'object', additionalProperties: false, required: ['replicas'], properties: { replicas: { type: 'integer', minimum: 1 } } }],
        },
      },
    },
    services: { type: 'array', items: service, description: 'ECS services.' },
    workloads: { type: 'array', items: workload, description: 'Kubernetes workloads (EKS).' },
    events: { type: 'array', items: timedEvent },
    expect: { type: 'array', items: expectation },
    pricing,
  },
};
