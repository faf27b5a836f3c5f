/**
 * What every importer is handed: the log its notes and problems go to, the origins it marks the
 * scenario objects it builds with, the image size table, and the region the scenario runs in
 * (for CloudFormation's Fn::GetAZs and AWS::Region).
 */
import type { ImageSizes } from './image-sizes.js';
import type { ImportLog } from './import-notes.js';
import type { Origins } from './origins.js';

export interface ImportContext {
  readonly log: ImportLog;
  readonly origins: Origins;
  readonly imageSizes: ImageSizes;
  /** The scenario's cluster.region, or the default region. */
  readonly region: string;
  /** The scenario's cluster.availabilityZones, or the region's a, b and c. */
  readonly availabilityZones: readonly string[];
}

/** A scenario object under construction: plain data the schema checks once the scenario is assembled. */
export type Data = Record<string, unknown>;

/** `{ key: value }` when value is defined, else `{}`: for building scenario objects without undefined keys. */
export function given<K extends string>(key: K, value: unknown): Partial<Record<K, unknown>> {
  return value === undefined || value === null ? {} : ({ [key]: value } as Record<K, unknown>);
}
