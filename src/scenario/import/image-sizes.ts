/**
 * Image sizes for imported containers. No AWS or Kubernetes definition says how large an image
 * is, and fleetsim needs it (pull time, and the image cache). The scenario's `imageSizes` table
 * gives sizes by image; a container it does not cover gets DEFAULT_IMPORTED_IMAGE_SIZE, with a
 * note in the import report (and so in the run's summary) saying so.
 */
import type { ImportLog, OwnField } from './import-notes.js';
import type { SourceDocument, SourcePath } from './source-document.js';

/**
 * The compressed size assumed for an imported image the scenario gives no size for: 200 MB, a
 * typical application image on a slim base (a Node.js or Python service on a -slim or distroless
 * base is 50-250 MB compressed; JVM images 200-400 MB). docs/import.md says it; set
 * `imageSizes` for your images where pull time matters. `unless`: the scenario field that,
 * set, gives the size instead (the default's note is then moot).
 */
export const DEFAULT_IMPORTED_IMAGE_SIZE = '200MB';

/** The key of the `imageSizes` entry that replaces the default. */
export const DEFAULT_IMAGE_KEY = '*';

export type ImageSizes = Readonly<Record<string, string | number>>;

/**
 * The size for `image`: the `imageSizes` entry for the full reference, else for the reference
 * without its tag or digest, else the longest entry the reference starts with (a registry or a
 * repository prefix), else `*`, else the default (noted).
 */
export function imageSizeFor(image: string, table: ImageSizes, log: ImportLog, doc: SourceDocument, path: SourcePath, unless?: OwnField): string | number {
  const exact = table[image] ?? table[withoutTagOrDigest(image)];
  if (exact !== undefined) return exact;
  const prefix = Object.keys(table)
    .filter((k) => k !== DEFAULT_IMAGE_KEY && image.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix !== undefined) return table[prefix]!;
  const fallback = table[DEFAULT_IMAGE_KEY];
  if (fallback !== undefined) return fallback;
  log.note('default', doc, path, `no size for image '${image}': fleetsim assumes ${DEFAULT_IMPORTED_IMAGE_SIZE} (set it in the scenario's imageSizes)`, unless);
  return DEFAULT_IMPORTED_IMAGE_SIZE;
}

/** `registry/repo:tag` or `registry/repo@sha256:...` without the tag or digest (a registry port is kept). */
export function withoutTagOrDigest(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at === -1 ? image : image.slice(0, at);
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}
