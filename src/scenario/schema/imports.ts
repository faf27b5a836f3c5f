/**
 * `imports:` and `imageSizes:`: definitions a platform team already has (ECS task definitions
 * and services, Application Auto Scaling, Kubernetes manifests, CloudFormation templates), read
 * by path relative to the scenario (docs/import.md). The scenario's own sections override what
 * was imported, field by field.
 */
import { DEFAULT_IMPORTED_IMAGE_SIZE } from '../import/image-sizes.js';
import { Closed, Optional, Type } from './fields.js';

const path = (what: string) => Type.String({ minLength: 1, description: `A file (relative to the scenario, inside its folder) with ${what}.` });

export const IMPORT_KINDS = ['ecsTaskDefinition', 'ecsService', 'applicationAutoScaling', 'kubernetes', 'cloudFormation'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const Import = Closed(
  {
    ecsTaskDefinition: Optional(path('an ECS task definition: `aws ecs describe-task-definition` output or a register-task-definition input (JSON or YAML)')),
    ecsService: Optional(path('ECS services: `aws ecs describe-services` output or a create-service input')),
    applicationAutoScaling: Optional(path('Application Auto Scaling targets or policies: `describe-scalable-targets` or `describe-scaling-policies` output, or a put-scaling-policy input')),
    kubernetes: Optional(path('Kubernetes manifests, several documents separated by ---: Deployments, ReplicaSets, StatefulSets, HorizontalPodAutoscalers, PodDisruptionBudgets, PriorityClasses, Services, Ingresses, Karpenter NodePools and EC2NodeClasses')),
    cloudFormation: Optional(path('a CloudFormation template (JSON or YAML, e.g. from `cdk synth`)')),
    parameters: Optional(
      Type.Unsafe<Record<string, string | number | boolean | string[]>>({
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean', 'array'] },
        description: "cloudFormation: values of the template's Parameters (those without a Default need one if a modelled field uses them).",
      }),
    ),
  },
  { minProperties: 1, description: 'One file to import: exactly one of ecsTaskDefinition, ecsService, applicationAutoScaling, kubernetes, cloudFormation (with its parameters).' },
);

export const Imports = Type.Array(Import, { minItems: 1, description: "Definitions to import; the scenario's own sections override what they set (docs/import.md)." });

export const ImageSizes = Type.Unsafe<Record<string, string | number>>({
  type: 'object',
  additionalProperties: { type: ['string', 'number'] },
  title: 'image sizes',
  description: `Sizes of imported containers' images, which no definition gives: by full reference, by reference without tag, or by a registry or repository prefix; '*' for every other image (default ${DEFAULT_IMPORTED_IMAGE_SIZE}).`,
});
