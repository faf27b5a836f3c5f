import type { Host } from '../../model/host.js';
import type { ActionContext } from './context.js';

/** A host's image cache: pulls in flight and pulled images. */
export class ImageActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A host starts pulling an image; tasks needing it wait until `finishAt`. */
  startPull(host: Host, image: string, finishAt: number): void {
    host.imagePullsInFlight.set(image, finishAt);
    this.ctx.emit({ type: 'image.pull-started', time: this.ctx.now, host: host.id, image, durationMs: finishAt - this.ctx.now });
  }

  /** The pull finished: the image is in the host's cache from now on. */
  finishPull(host: Host, image: string): void {
    host.imagePullsInFlight.delete(image);
    host.images.add(image);
    this.ctx.emit({ type: 'image.pulled', time: this.ctx.now, host: host.id, image });
  }
}
