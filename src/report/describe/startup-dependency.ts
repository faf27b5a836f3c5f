import type { StartupDependencyFailure } from '../../model/reasons/stop.js';
import { secretId } from '../../model/secrets.js';

/**
 * ECS's stoppedReason when a task's secrets or registry credentials cannot be fetched
 * (docs/models.md, "Start-up dependencies"). Fargate (platform 1.4.0 and later) reports
 * `ResourceInitializationError: unable to pull secrets or registry auth: ...` (AWS re:Post
 * knowledge center, "ecs-unable-to-pull-secrets"); the ECS agent on EC2 reports the store it
 * fetched from (amazon-ecs-agent asmsecret / ssmsecret resources: "fetching secret data from AWS
 * Secrets Manager in region ...", ECS developer guide, "Secrets Manager errors").
 */
export function resourceInitializationReason(d: StartupDependencyFailure): string {
  const error = serviceError(d);
  if (!d.fargate) {
    if (d.store === 'ssm') return `Fetching secret data from SSM Parameter Store in ${d.region}: ${error}`;
    return `Fetching secret data from AWS Secrets Manager in region ${d.region}: secret ${d.name}: ${error}`;
  }
  const prefix = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';
  const network = d.failure === 'unreachable' ? '. Please check your task network configuration.' : '';
  if (d.what === 'registry-auth') return `${prefix}unable to retrieve ecr registry auth: service call has been retried 3 time(s): ${error}${network}`;
  const retried = d.failure === 'unreachable' ? 5 : 1;
  if (d.store === 'ssm') return `${prefix}unable to retrieve secrets from ssm: service call has been retried ${retried} time(s): ${error}${network}`;
  return `${prefix}unable to retrieve secret from asm: service call has been retried ${retried} time(s): failed to fetch secret ${d.name} from secrets manager: ${error}${network}`;
}

/** What the AWS SDK call returned: a timeout, AccessDeniedException or a missing resource. */
function serviceError(d: StartupDependencyFailure): string {
  const endpoint = d.what === 'registry-auth' ? `api.ecr.${d.region}.amazonaws.com` : `${d.store === 'ssm' ? 'ssm' : 'secretsmanager'}.${d.region}.amazonaws.com`;
  switch (d.failure) {
    case 'unreachable':
      if (d.what === 'registry-auth' || !d.fargate) return `RequestError: send request failed caused by: Post "https://${endpoint}/": dial tcp ${endpoint}:443: i/o timeout`;
      return 'RequestCanceled: request context canceled caused by: context deadline exceeded';
    case 'access-denied': {
      const role = d.executionRole.replace(/^arn:aws([a-z-]*):iam::(\d+):role\/(?:.*\/)?/, 'arn:aws$1:sts::$2:assumed-role/');
      const action = d.what === 'registry-auth' ? 'ecr:GetAuthorizationToken' : d.store === 'ssm' ? 'ssm:GetParameters' : 'secretsmanager:GetSecretValue';
      // IAM names the secret's ARN, without the JSON key and version a valueFrom may add.
      const resource = d.what === 'registry-auth' ? '*' : secretId(d.name);
      return `AccessDeniedException: User: ${role}/${d.task} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
    }
    case 'not-found':
      return d.store === 'ssm' ? `invalid parameters: ${d.name}` : "ResourceNotFoundException: Secrets Manager can't find the specified secret.";
  }
}
