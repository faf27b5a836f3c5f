/**
 * Secrets across the migration (§13): an ECS container's `secrets` name Secrets Manager secrets
 * or SSM parameters that the task execution role fetches; a Kubernetes container's
 * `secretKeyRef` names a Secret object in the pod's namespace that kubelet reads from the API
 * server. Neither store reaches the other, so `fleetsim export` writes the reference in the
 * target's form and says which secret has to be created (or synced) there.
 */
import { parseEcsValueFrom } from '../../model/secrets.js';

/** A Kubernetes Secret key standing for an ECS `valueFrom`. */
export interface KubernetesSecretKey {
  /** The Secret's name: the secret's or parameter's name as a DNS-1123 subdomain. */
  readonly name: string;
  readonly key: string;
}

/**
 * The Secret key an ECS secret becomes: a Secrets Manager ARN's secret name (with the random
 * suffix AWS appends, since the export cannot tell it from the name) and its JSON key, or the
 * environment variable's name where the reference takes the whole value; an SSM parameter's
 * name (from its ARN, or as written), keyed by the variable's name.
 */
export function kubernetesSecretKeyOf(valueFrom: string, variable: string): KubernetesSecretKey {
  const secret = parseEcsValueFrom(valueFrom);
  return { name: secretObjectName(secret.name), key: secret.jsonKey ?? variable };
}

/**
 * The Secrets Manager reference an ECS container's `secrets` entry uses for one key of a
 * Kubernetes Secret: the secret named after it, its JSON key, latest version
 * (`arn:...:secret:<name>:<json-key>::`, ECS developer guide, "Pass Secrets Manager secrets
 * through Amazon ECS environment variables"). The account is left for the user to fill in.
 */
export function secretsManagerReference(region: string, secret: string, key: string): string {
  return `arn:aws:secretsmanager:${region}:<account-id>:secret:${secret}:${key}::`;
}

/** A name as a Kubernetes object name (DNS-1123 subdomain: lower case, digits, '-' and '.'). */
function secretObjectName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'secret'
  );
}
