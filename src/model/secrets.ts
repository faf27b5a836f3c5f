/**
 * Secrets a task or pod reads at start (docs/models.md, "Start-up dependencies"): ECS container
 * `secrets` (`valueFrom` a Secrets Manager secret or an SSM Parameter Store parameter, fetched
 * by the ECS agent or Fargate with the task execution role) and `repositoryCredentials` (a
 * Secrets Manager secret with a private registry's login); Kubernetes `env[].valueFrom.secretKeyRef`
 * and `envFrom[].secretRef` (Secrets in the cluster, which kubelet reads from the API server).
 * Pure data and functions.
 */

/** Where a secret lives. */
export type SecretStore = 'secretsmanager' | 'ssm' | 'kubernetes';

/** One secret a container needs before it starts. */
export interface SecretRef {
  /** ECS: the `valueFrom` ARN (or SSM parameter name); Kubernetes: the Secret's name. */
  readonly valueFrom: string;
  readonly store: SecretStore;
  /** Kubernetes `secretKeyRef.key` (null: the whole Secret, envFrom). */
  readonly key: string | null;
  /** Kubernetes `optional: true`: a missing Secret is no error. */
  readonly optional: boolean;
  /** ECS `repositoryCredentials`: the registry login, fetched to pull the image. */
  readonly registryAuth: boolean;
}

/** How fetching a secret fails (scenario fault `secretFailure`). */
export type SecretFailure = 'not-found' | 'access-denied';

/** A secret fault in effect: fetches of `secret` fail with `fails`. */
export interface SecretFault {
  readonly secret: string;
  readonly fails: SecretFailure;
}

/** A Secrets Manager ARN, in any partition (aws, aws-cn, aws-us-gov). */
const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:/;
/** A Parameter Store parameter's ARN; group 1: the part after `parameter` (`/prod/db` for `parameter/prod/db`). */
const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[^:]*:[^:]*:parameter(.*)$/;

/** An ECS `valueFrom` read apart ({@link parseEcsValueFrom}). */
export interface EcsSecretReference {
  readonly store: 'secretsmanager' | 'ssm';
  /**
   * The secret it names: a Secrets Manager ARN without the JSON key, version stage and version
   * id a reference may add; a parameter's ARN or name as written.
   */
  readonly id: string;
  /**
   * The secret's name (the ARN's `secret:<name>`, with the random suffix AWS appends) or the
   * parameter's (from its ARN's `parameter<name>`, or as written).
   */
  readonly name: string;
  /** Secrets Manager: the JSON key the reference takes; null: the whole value (always for SSM). */
  readonly jsonKey: string | null;
}

/**
 * The store of an ECS `valueFrom`: a Secrets Manager ARN (`arn:aws:secretsmanager:...`), else
 * Parameter Store (an `arn:aws:ssm:...` ARN, or a parameter name in the task's Region), as ECS
 * reads it (ECS developer guide, "Pass sensitive data to an Amazon ECS container").
 */
export function ecsSecretStore(valueFrom: string): 'secretsmanager' | 'ssm' {
  return SECRETS_MANAGER_ARN.test(valueFrom) ? 'secretsmanager' : 'ssm';
}

/**
 * An ECS `valueFrom` read apart: its store ({@link ecsSecretStore}), and for a Secrets Manager ARN
 * (`arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<version-stage>:<version-id>]`)
 * the secret and the JSON key; for Parameter Store the parameter's name.
 */
export function parseEcsValueFrom(valueFrom: string): EcsSecretReference {
  if (SECRETS_MANAGER_ARN.test(valueFrom)) {
    const parts = valueFrom.split(':');
    const jsonKey = parts[7];
    return { store: 'secretsmanager', id: parts.slice(0, 7).join(':'), name: parts[6] ?? valueFrom, jsonKey: jsonKey === undefined || jsonKey === '' ? null : jsonKey };
  }
  return { store: 'ssm', id: valueFrom, name: SSM_PARAMETER_ARN.exec(valueFrom)?.[1] ?? valueFrom, jsonKey: null };
}

/**
 * The secret a `valueFrom` names, without the JSON key, version stage and version id a Secrets
 * Manager reference may add (`arn:...:secret:name-AbCdEf:password::` names `arn:...:secret:name-AbCdEf`).
 */
export function secretId(valueFrom: string): string {
  return parseEcsValueFrom(valueFrom).id;
}

/** Whether a fault naming `secret` (an ARN, a parameter or Secret name) hits the reference. */
export function secretNamed(ref: SecretRef, secret: string): boolean {
  return ref.valueFrom === secret || secretId(ref.valueFrom) === secret;
}

/** The fault, if any, that hits the reference now. */
export function secretFaultFor(ref: SecretRef, faults: readonly SecretFault[]): SecretFault | undefined {
  for (const f of faults) if (secretNamed(ref, f.secret)) return f;
  return undefined;
}
