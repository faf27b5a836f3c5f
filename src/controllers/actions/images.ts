import type { Host } from '../../model/host.js';
import type { PullQuotaSource, PullRefusal } from '../../model/registry-pull-limits.js';
import type { Task } from '../../model/task.js';
import type { ActionContext } from './context.js';

/** A host's image cache (pulls in flight, pulled images) and what registries refuse. */
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

  /** `registry` refused the task's pull of `image`: `source`'s quota is used up until `refusal.retryAt`. No state changes (the counter is the checker's). */
  pullRateLimited(task: Task, image: string, registry: string, source: PullQuotaSource, refusal: PullRefusal): void {
    const address = source.kind === 'address';
    this.ctx.emit({
      type: 'image.pull-rate-limited',
      time: this.ctx.now,
      task: task.id,
      service: task.service.name,
      host: task.host?.id ?? null,
      image,
      registry,
      quota: source.kind,
      natAz: address ? source.natAz : null,
      credentials: address ? null : source.credentials,
      limit: refusal.limit,
      windowMs: refusal.windowMs,
      retryAt: refusal.retryAt,
    });
  }
}
