/**
 * Which kind of import a definitions file is, from its shape, for `fleetsim import <files...>`
 * where no scenario names the kind: a CloudFormation template has Resources; Kubernetes objects
 * have apiVersion and kind; the ECS and Application Auto Scaling shapes are told apart by the
 * fields their describe-* outputs and API inputs always have.
 */
import type { ImportKind } from '../schema/imports.js';
import { isObject } from './account-fields.js';

export function detectImportKind(data: unknown): ImportKind | undefined {
  if (!isObject(data)) return undefined;
  if (isObject(data.Resources) || data.AWSTemplateFormatVersion !== undefined) return 'cloudFormation';
  if (typeof data.apiVersion === 'string' && typeof data.kind === 'string') return 'kubernetes';
  if (isObject(data.taskDefinition) || Array.isArray(data.containerDefinitions)) return 'ecsTaskDefinition';
  if (Array.isArray(data.services) || isObject(data.service) || (typeof data.serviceName === 'string' && typeof data.taskDefinition === 'string')) return 'ecsService';
  if (data.ScalableTargets !== undefined || data.ScalingPolicies !== undefined || typeof data.ResourceId === 'string') return 'applicationAutoScaling';
  return undefined;
}
