/**
 * What a CloudFormation resource handler is given: the template's document, the resource's
 * resolved properties (and any other resource's, for references), where the imported system
 * collects its parts, and the subnets the template defines and the ones something runs in.
 */
import { accountFor, type Json } from '../account-fields.js';
import type { Fields } from '../field-rules.js';
import type { Data, ImportContext } from '../import-context.js';
import type { ImportedSystem } from '../imported-system.js';
import type { SourceDocument, SourcePath } from '../source-document.js';

export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  /** `['Resources', logicalId]`. */
  readonly path: SourcePath;
  /** `['Resources', logicalId, 'Properties']`. */
  readonly propsPath: SourcePath;
}

export interface TemplateContext {
  readonly doc: SourceDocument;
  readonly system: ImportedSystem;
  readonly ctx: ImportContext;
  /** A resource's properties with intrinsic functions resolved ({} for none or an unknown ID). */
  readonly properties: (logicalId: string) => Json;
  /** The logical IDs of the template's resources of `type`, in template order. */
  readonly logicalIdsOf: (type: string) => readonly string[];
  /** What Ref gives for each step scaling policy of the template (their alarms' AlarmActions name them). */
  readonly stepPolicies: ReadonlySet<string>;
  /** The template's subnets by logical ID, as the scenario's subnets. */
  readonly subnets: Map<string, { readonly data: Data; readonly resource: TemplateResource }>;
  /** Logical IDs of the subnets a service, group or node group runs in. */
  readonly usedSubnets: Set<string>;
}

/** A handler for one resource type: accounts for its properties and adds what it models to the system. */
export type ResourceHandler = (resource: TemplateResource, t: TemplateContext) => void;

/** The resource's properties accounted for by `fields` (PascalCase in the template, camelCase tables). */
export function accountedProperties(resource: TemplateResource, t: TemplateContext, fields: Fields, renamed: Readonly<Record<string, string>> = {}): Json {
  return accountFor(t.properties(resource.logicalId), fields, t.doc, resource.propsPath, t.ctx.log, { style: 'pascal', renamed });
}

/** The same, for tables written in the API's own PascalCase (Application Auto Scaling). */
export function accountedAsIs(resource: TemplateResource, t: TemplateContext, fields: Fields): Json {
  return accountFor(t.properties(resource.logicalId), fields, t.doc, resource.propsPath, t.ctx.log);
}
