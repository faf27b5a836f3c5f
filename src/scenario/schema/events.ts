/** Timed events: scaling by hand, deployments, and injected faults (at a time or at a rate). */
import { AWS_SERVICE_ENDPOINTS } from '../../model/network/egress.js';
import { KARPENTER_TIMING } from '../../model/params/karpenter.js';
import { appFaults } from './app-model.js';
import { Closed, Count, Duration, EcsTaskCount, Optional, StringEnum, Strings, Type } from './fields.js';

/** An API client's settings when a scenario does not give them (docs/models.md, "API server throttling"). */
export const API_LOAD_DEFAULTS = { namespace: 'kube-system', verb: 'list', resource: 'pods', targetNamespace: 'default', objects: 500 } as const;
/** client-go's rest.Config defaults: QPS 5, burst 10. */
export const CLIENT_GO_RATE_LIMIT = { qps: 5, burst: 10 } as const;

export const ScaleEvent = Closed(
  {
    service: Optional(Type.String({ description: 'ECS: the service to scale.' })),
    desiredCount: Optional(EcsTaskCount({ description: "ECS: the service's new desired count." })),
    workload: Optional(Type.String({ description: 'EKS: the workload to scale.' })),
    replicas: Optional(Count({ description: "EKS: the workload's new replicas." })),
    autoScalingGroup: Optional(Type.String({ description: 'ECS: the Auto Scaling group to resize.' })),
    desiredCapacity: Optional(Count({ description: "ECS: the group's new desired capacity." })),
    nodeGroup: Optional(Type.String({ description: 'EKS: the node group to resize.' })),
    desiredSize: Optional(Count({ description: "EKS: the node group's new desired size." })),
  },
  { description: 'ECS: {service, desiredCount} or {autoScalingGroup, desiredCapacity}; EKS: {workload, replicas} or {nodeGroup, desiredSize}.' },
);

export const SpotInterruption = Closed(
  {
    count: Optional(Type.Integer({ minimum: 1, description: 'How many Fargate Spot tasks or Spot instances (EKS: spot nodes) get the warning.' })),
    fraction: Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Which fraction of them gets the warning.' })),
  },
  {
    description:
      "AWS reclaims Spot capacity: {count} or a {fraction} of the Spot capacity gets EC2's two-minute warning, chosen uniformly: on ECS the Fargate Spot tasks and the Spot instances of Auto Scaling groups (one unit each), on EKS the spot nodes of Karpenter and of node groups. What the two minutes bring depends on who drains: autoScalingGroups[].spotInstanceDraining (ECS), managed node groups (EKS drains), nodeGroups[].nodeTerminationHandler (self-managed); docs/models.md, \"Spot interruptions\".",
    minProperties: 1,
    maxProperties: 1,
  },
);

export const NodeFailure = Closed(
  {
    count: Optional(Type.Integer({ minimum: 1, description: 'How many instances, chosen at random.' })),
    az: Optional(Type.String({ description: 'Every instance in this Availability Zone (an AZ outage).' })),
  },
  { description: 'Instances fail: {count} at random, or {az} for every instance in an Availability Zone (an AZ outage).', minProperties: 1, maxProperties: 1 },
);

export const AzImpairment = Closed(
  {
    az: Type.String({ description: 'The Availability Zone.' }),
    duration: Optional(Duration({ description: 'How long the AZ stays impaired (default: the rest of the run).' })),
    instances: Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "The fraction of the AZ's instances and Fargate tasks that fail when it starts (default 1: all).", default: 1 }),
    ),
    launchFailure: Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'The probability that a launch in the AZ (instance, NodeClaim, Fargate task) fails while it lasts (default 1: none succeeds).', default: 1 }),
    ),
  },
  {
    description:
      "Fault: an Availability Zone is impaired for a window (docs/models.md, \"AZ impairment\"). Its instances (a fraction with `instances`) fail their EC2 status checks, its Fargate tasks are lost, and launches there fail with InsufficientInstanceCapacity: Auto Scaling launches in the other AZs, Karpenter caches the zone's offerings as unavailable and picks another, Fargate places in the other subnets. When it ends, Auto Scaling (AZRebalance) and ECS (Availability Zone rebalancing) move capacity back.",
  },
);

export const InsufficientCapacity = Closed(
  {
    instanceTypes: Optional(Strings({ minItems: 1, description: 'The instance types EC2 is short of, e.g. [m5.xlarge] (default: every type).' })),
    azs: Optional(Strings({ minItems: 1, description: 'The Availability Zones where it is short (default: every AZ of the cluster).' })),
    capacityType: Optional(StringEnum(['on-demand', 'spot'], { description: 'Only On-Demand or only Spot capacity is short (default: both); with launchType FARGATE, spot is Fargate Spot.' })),
    launchType: Optional(
      StringEnum(['EC2', 'FARGATE'], {
        description:
          'FARGATE: Fargate is short of capacity instead of EC2 (no instanceTypes): a task launch in a matching AZ fails ("Capacity is unavailable at this time. Please try again later or in a different availability zone"); Fargate tries the service\'s subnets in other AZs, else the task waits in PROVISIONING and retries. Fargate does not replace Spot capacity with On-Demand.',
        default: 'EC2',
      }),
    ),
    duration: Optional(Duration({ description: 'How long the shortage lasts (default: the rest of the run).' })),
    launchFailure: Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'The probability that one matching launch attempt fails while it lasts (default 1: none succeeds); below 1, a random rate of capacity errors drawn from the run\'s seed.',
        default: 1,
      }),
    ),
  },
  {
    description:
      "Fault: EC2 has no capacity for some instance types in some Availability Zones (docs/models.md, \"EC2 capacity errors\"). A matching launch fails with InsufficientInstanceCapacity (\"We currently do not have sufficient m5.xlarge capacity in the Availability Zone you requested (us-east-1a).\"): an Auto Scaling group with a mixed instances policy tries its next instance type, then its other AZs; a single-type group tries its other AZs and otherwise retries later; Karpenter caches the offering as unavailable for 3 minutes and takes the next. Running instances are not affected.",
  },
);

export const DeployEvent = Closed(
  {
    service: Type.String({ description: 'The ECS service, or the EKS workload.' }),
    image: Optional(Type.String({ minLength: 1, description: "The first container's new image (default: unchanged)." })),
    ...appFaults,
  },
  {
    description:
      "Register the service's next task definition revision (ECS) or pod template (EKS Deployment: a new ReplicaSet; StatefulSet: a new revision its updateStrategy rolls out), with the first container's image and app failure faults replaced, and roll it out.",
  },
);

export const RolloutUndo = Closed(
  { workload: Type.String({ description: 'The Deployment or StatefulSet.' }) },
  {
    description:
      'EKS: `kubectl rollout undo deployment/<workload>` (or `statefulset/<workload>`): roll the workload back to its last completed pod template (a new rollout, with its strategy or updateStrategy).',
  },
);

export const DeletePod = Closed(
  {
    workload: Type.String({ description: 'The StatefulSet.' }),
    ordinal: Type.Integer({ minimum: 0, description: 'The ordinal of the pod: `<workload>-<ordinal>`.' }),
  },
  {
    description:
      "EKS: `kubectl delete pod <workload>-<ordinal>`: a StatefulSet's pod is deleted gracefully and its controller creates it again, at the revision its ordinal gets (how a StatefulSet stuck on a broken pod is unblocked: Forced rollback). Nothing happens if the ordinal has no pod then.",
  },
);

export const RegistryOutage = Closed(
  {
    duration: Duration({ description: 'How long the registry stays unreachable, e.g. 10m.' }),
    registry: Optional(Type.String({ minLength: 1, description: 'Only this registry host, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com (default: every registry).' })),
  },
  {
    description:
      'Fault: a container registry is unreachable for a while. Image pulls that start meanwhile fail as registry-unreachable (ECS CannotPullContainerError, kubelet ErrImagePull then ImagePullBackOff). An image cached on a host saves the start when the agent asks no registry about it (imagePullPolicy IfNotPresent, the default for a pinned tag; ECS prefer-cached); kubelet with Always resolves it and fails, the ECS agent with its default behaviour fails the attempt and then uses the cache.',
  },
);

export const EndpointOutage = Closed(
  {
    endpoint: StringEnum(AWS_SERVICE_ENDPOINTS, { description: 'The VPC endpoint deleted (one of cluster.vpc.egress.endpoints).' }),
    duration: Optional(Duration({ description: 'How long until it exists again (default: the rest of the run).' })),
  },
  {
    description:
      "Fault: a VPC endpoint is deleted (or its private DNS turned off): calls to its service resolve to the public endpoint and go through a NAT gateway if there is one, else time out (Fargate: ResourceInitializationError; image pulls: CannotPullContainerError, ErrImagePull).",
  },
);

export const NatGatewayFailure = Closed(
  {
    az: Optional(Type.String({ description: 'The AZ whose NAT gateway fails (default: every NAT gateway).' })),
    duration: Optional(Duration({ description: 'How long it is down (default: the rest of the run).' })),
  },
  { description: 'Fault: a NAT gateway is down: calls routed through it (no endpoint for their service) time out.' },
);

export const SecretFailure = Closed(
  {
    secret: Type.String({ minLength: 1, description: 'The secret: an ECS valueFrom (a Secrets Manager ARN without its JSON key suffix also matches, or an SSM parameter) or a Kubernetes Secret name.' }),
    fails: StringEnum(['not-found', 'access-denied'], {
      description: 'not-found: the secret is missing (deleted, wrong name; Kubernetes: CreateContainerConfigError); access-denied (ECS): the task execution role may not read it.',
    }),
    duration: Optional(Duration({ description: 'How long (default: the rest of the run).' })),
  },
  { description: 'Fault: fetching a secret at task start fails. ECS stops the task (TaskFailedToStart); kubelet keeps the pod in CreateContainerConfigError and retries.' },
);

export const TaskKill = Closed(
  {
    service: Optional(Type.String({ description: 'The ECS service (or use workload).' })),
    workload: Optional(Type.String({ description: 'The Kubernetes workload (or use service).' })),
    count: Optional(Type.Integer({ minimum: 1, description: 'How many RUNNING tasks (or use fraction).' })),
    fraction: Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Which fraction of the RUNNING tasks (or use count).' })),
  },
  {
    description:
      "Fault: the essential container of {count} or a {fraction} of a service's (ECS) or workload's (EKS) RUNNING tasks, chosen at random, is killed (SIGKILL, exit code 137). ECS stops the task (Essential container in task exited) and replaces it; kubelet restarts the container in place after its back-off.",
  },
);

export const NodeNotReady = Closed(
  {
    count: Type.Integer({ minimum: 1, description: 'How many nodes, chosen at random.' }),
    duration: Optional(Duration({ description: 'How long the partition lasts (default: the rest of the run).' })),
  },
  {
    description:
      'Fault (EKS): the kubelet of {count} random nodes loses contact with the control plane while the instance keeps running. NotReady 40-55 s later (node-monitor-grace-period 50 s after the last Lease renewal, at the next 5 s pass of the node lifecycle controller), pods evicted after the 300 s unreachable toleration; when the duration ends first the node is Ready again and keeps its pods.',
  },
);

export const NodeRegistrationFailure = Closed(
  {
    nodePool: Type.String({ description: 'The Karpenter NodePool whose new nodes fail to join.' }),
    duration: Optional(Duration({ description: 'How long NodeClaims launched for it fail to register (default: the rest of the run).' })),
  },
  {
    description:
      `Fault (EKS with Karpenter): instances Karpenter launches for the NodePool during the window boot but their kubelet never joins the cluster (a bad AMI or user data, the node role without an EKS access entry: Karpenter's troubleshooting docs, "Node NotReady" / "Nodes not joining"). Their pods wait for them until Karpenter's registration TTL (${KARPENTER_TIMING.registrationTtlMs / 60_000} minutes after launch) deletes the NodeClaim and provisions them again.`,
  },
);

export const CorednsFailure = Closed(
  { replicas: Type.Integer({ minimum: 1, description: 'How many running CoreDNS pods crash.' }) },
  { description: 'EKS: this many running CoreDNS pods crash (container killed, exit code 137); kubelet restarts them after its back-off.' },
);

export const ApiLoad = Closed(
  {
    client: Type.String({ minLength: 1, description: 'Its service account name, shown in 429 messages.' }),
    namespace: Optional(
      Type.String({
        minLength: 1,
        description: "Its service account's namespace (kube-system: the kube-system-service-accounts FlowSchema, priority level workload-high).",
        default: API_LOAD_DEFAULTS.namespace,
      }),
    ),
    qps: Type.Number({ exclusiveMinimum: 0, description: 'Requests per second it sends (before its client-side rate limit).' }),
    verb: Optional(StringEnum(['get', 'list', 'create', 'update', 'patch', 'delete'], { description: 'The verb of its requests.', default: API_LOAD_DEFAULTS.verb })),
    resource: Optional(Type.String({ minLength: 1, description: 'The resource it asks for, for messages.', default: API_LOAD_DEFAULTS.resource })),
    targetNamespace: Optional(
      Type.String({ description: "Namespace of the objects it asks for (the workloads' namespace by default; \"\" = cluster-wide).", default: API_LOAD_DEFAULTS.targetNamespace }),
    ),
    objects: Optional(Type.Integer({ minimum: 1, description: 'Objects one LIST returns: sets its APF seats (objects/100, 1-10) and duration.', default: API_LOAD_DEFAULTS.objects })),
    rateLimit: Optional(
      Closed(
        {
          qps: Optional(Type.Number({ exclusiveMinimum: 0, description: 'Sustained requests per second.', default: CLIENT_GO_RATE_LIMIT.qps })),
          burst: Optional(Type.Integer({ minimum: 1, description: 'Requests it may send at once.', default: CLIENT_GO_RATE_LIMIT.burst })),
        },
        { description: "client-go's client-side rate limiter (rest.Config QPS and Burst); absent: none." },
      ),
    ),
    duration: Optional(Duration({ description: 'How long it keeps calling (default: to the end of the run).' })),
  },
  { description: 'EKS: an API client (a service account) starts calling the Kubernetes API server; it competes with the controllers under API Priority and Fairness.' },
);

export const TimedEvent = Closed(
  {
    at: Duration({ description: 'When the event happens; with a rate, when the arrivals begin.' }),
    until: Optional(Duration({ description: 'With every or ratePerHour: no arrival at or after this time (required with them, after at).' })),
    every: Optional(Duration({ description: 'A fault at a fixed period: at, at + every, ... before until.' })),
    ratePerHour: Optional(Type.Number({ exclusiveMinimum: 0, description: 'A fault as Poisson arrivals: this many an hour on average, exponential gaps from at, before until.' })),
    scale: Optional(ScaleEvent),
    spotInterruption: Optional(SpotInterruption),
    nodeFailure: Optional(NodeFailure),
    azImpairment: Optional(AzImpairment),
    insufficientCapacity: Optional(InsufficientCapacity),
    deploy: Optional(DeployEvent),
    rolloutUndo: Optional(RolloutUndo),
    deletePod: Optional(DeletePod),
    registryOutage: Optional(RegistryOutage),
    endpointOutage: Optional(EndpointOutage),
    natGatewayFailure: Optional(NatGatewayFailure),
    secretFailure: Optional(SecretFailure),
    taskKill: Optional(TaskKill),
    nodeNotReady: Optional(NodeNotReady),
    nodeRegistrationFailure: Optional(NodeRegistrationFailure),
    corednsFailure: Optional(CorednsFailure),
    apiLoad: Optional(ApiLoad),
  },
  {
    minProperties: 2,
    description:
      'At a time, one of: scale, deploy, rolloutUndo, deletePod, or a fault (spotInterruption, nodeFailure, azImpairment, insufficientCapacity, registryOutage, endpointOutage, natGatewayFailure, secretFailure, taskKill, nodeNotReady, nodeRegistrationFailure, corednsFailure, apiLoad). A fault other than apiLoad may repeat instead: from at until until, every a fixed period or ratePerHour Poisson arrivals.',
  },
);
