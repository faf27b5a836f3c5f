import type { Host } from '../../model/host.js';
import type { ActionContext } from './context.js';

/** A host's image cache: pulls in flight and pulled images. */
export class ImageActions {
  constructor(private readonly ctx: ActionContext) {}

  /** A host starts pulling an image; tasks needing it wait until `finishAt`. */
  startPull(host: Host, image: string, finishAt: number): void {
    host.imagePullsInFlight.set(image, finishAt);
    this.ctx.emit('image.pull-started', host.id, `${image} (done in ${finishAt - this.ctx.sim.now} ms)`, { host: host.id });
  }

  /** The pull finished: the image is in the host's cache from now on. */
  finishPull(host: Host, image: string): void {
    host.imagePullsInFlight.delete(image);
    host.images.add(image);
    this.ctx.emit('image.pulled', host.id, image, { host: host.id });
  }
}
