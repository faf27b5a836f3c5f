/**
 * Reads the raw input files from the catalog-sources directory, checks each against the git blob
 * id recorded in SOURCES, and parses them into the tables build-catalog.ts merges.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogTables } from './build-catalog.js';
import { parseKarpenterReference } from './karpenter-reference.js';
import { EC2_NETWORK_PAGES, SOURCES, type SourceId } from './sources.js';
import {
  readBaselineBandwidthMbps,
  readBranchEniLimits,
  readCniLimits,
  readEcsTrunkingLimits,
  readEniMaxPods,
  readNetworkPerformance,
  readOnDemandPrices,
  readPreviousGenerationFamilies,
} from './source-tables.js';

/** The inputs' directory for a repository root: `../shared/data/catalog-sources/` beside it. */
export function catalogSourcesDir(repoRoot: string): string {
  return join(repoRoot, '..', 'shared', 'data', 'catalog-sources');
}

/** `git hash-object` of a file's bytes: SHA-1 of `blob <length>\0<bytes>`. */
export function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The sources missing from `dir` (empty when every input is there). */
export function missingSources(dir: string): string[] {
  return (Object.keys(SOURCES) as SourceId[]).filter((id) => !existsSync(join(dir, SOURCES[id].file))).map((id) => SOURCES[id].file);
}

/** One input's text, after checking its blob id; throws naming the file on a mismatch. */
function readSource(dir: string, id: SourceId): string {
  const { file, blob, repository, path, commit } = SOURCES[id];
  const bytes = readFileSync(join(dir, file));
  const actual = gitBlobId(bytes);
  if (actual !== blob) {
    throw new Error(`${file}: blob ${actual} is not ${repository} ${path} @ ${commit} (blob ${blob}); update scripts/catalog/sources.ts if the input was refreshed on purpose`);
  }
  return bytes.toString('utf8');
}

/** Every source table, read from `dir`. */
export function readCatalogTables(dir: string): CatalogTables {
  const text = (id: SourceId): string => readSource(dir, id);
  return {
    reference: parseKarpenterReference(text('karpenterReference')),
    olderReference: parseKarpenterReference(text('karpenterReferenceV1120')),
    pricesUsEast1: readOnDemandPrices(text('karpenterPricing'), 'us-east-1'),
    baselineBandwidthMbps: readBaselineBandwidthMbps(text('karpenterBandwidth')),
    cniLimits: readCniLimits(text('cniLimits')),
    branchEniLimits: readBranchEniLimits(text('branchEniLimits')),
    eniMaxPods: readEniMaxPods(text('eniMaxPods')),
    ecsTrunking: readEcsTrunkingLimits(text('ecsTrunking')),
    networkPerformance: readNetworkPerformance(EC2_NETWORK_PAGES.map(text)),
    previousGenerationFamilies: readPreviousGenerationFamilies(text('ec2InstanceTypes')),
  };
}
