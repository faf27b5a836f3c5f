import type { Host } from '../../../model/host.js';
import { MAX_NODE_SCORE, stateKey, type CycleState, type PodInfo, type PreScorePlugin, type ScorePlugin } from '../framework.js';

export const IMAGE_LOCALITY = 'ImageLocality';

const MB = 1024 * 1024;
/** Below this sum a node scores 0 (minThreshold, 23 MB). */
export const IMAGE_MIN_THRESHOLD = 23 * MB;
/** Per container, above this sum a node scores 100 (maxContainerThreshold, 1000 MB). */
export const IMAGE_MAX_CONTAINER_THRESHOLD = 1000 * MB;

interface ImageState {
  /** Per container image: size x (nodes holding it / all nodes), truncated. */
  readonly scaled: number[];
  /** Per container image: which hosts hold it (by host index), from the index. */
  readonly presence: (Uint8Array | undefined)[];
}

const IMAGES = stateKey<ImageState>('ImageLocality/scaled');

/**
 * ImageLocality: favours nodes that already hold the pod's images (host.images, as the index
 * saw them at the start of the cycle). Each image present on the
 * node counts its size scaled by the share of nodes holding it (to avoid piling every pod on the
 * one node that pulled first); the sum is clamped to [23 MB, 1000 MB x containers] and mapped
 * linearly to 0..100. Source: imagelocality/image_locality.go calculatePriority, scaledImageScore.
 */
export class ImageLocality implements PreScorePlugin, ScorePlugin {
  readonly name = IMAGE_LOCALITY;
  private readonly state: ImageState = { scaled: [], presence: [] };

  preScore(pod: PodInfo, _nodes: readonly Host[], _count: number, state: CycleState): boolean {
    const images = pod.images;
    if (images.length === 0) return false;
    const total = state.index.nodeCount;
    const { scaled, presence } = this.state;
    scaled.length = images.length;
    presence.length = images.length;
    let best = 0;
    for (let i = 0; i < images.length; i++) {
      const spread = total === 0 ? 0 : state.index.nodesWithImage(images[i]!.image) / total;
      scaled[i] = Math.trunc(images[i]!.sizeBytes * spread);
      presence[i] = state.index.imagePresence(images[i]!.image);
      best += scaled[i]!;
    }
    // Even a node holding every image would stay under the threshold: every node scores 0.
    if (best <= IMAGE_MIN_THRESHOLD) return false;
    state.write(IMAGES, this.state);
    return true;
  }

  score(pod: PodInfo, node: Host, state: CycleState): number {
    const { scaled, presence } = state.read(IMAGES);
    let sum = 0;
    for (let i = 0; i < scaled.length; i++) if (presence[i]?.[node.index] === 1) sum += scaled[i]!;
    return imageLocalityPriority(sum, pod.images.length);
  }

  scoreAll(pod: PodInfo, nodes: readonly Host[], count: number, scores: Float64Array, state: CycleState): void {
    const { scaled, presence } = state.read(IMAGES);
    if (scaled.length === 1) {
      // The common single-container pod: one typed-array load per node.
      const on = presence[0]!;
      const hit = imageLocalityPriority(scaled[0]!, pod.images.length);
      for (let i = 0; i < count; i++) scores[i] = on[nodes[i]!.index] === 1 ? hit : 0;
      return;
    }
    for (let i = 0; i < count; i++) scores[i] = this.score(pod, nodes[i]!, state);
  }
}

/** calculatePriority: the clamped sum mapped to 0..100 (integer). */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const max = IMAGE_MAX_CONTAINER_THRESHOLD * numContainers;
  const s = sumScores < IMAGE_MIN_THRESHOLD ? IMAGE_MIN_THRESHOLD : sumScores > max ? max : sumScores;
  return Math.floor((MAX_NODE_SCORE * (s - IMAGE_MIN_THRESHOLD)) / (max - IMAGE_MIN_THRESHOLD));
}
