import type { RandomStream } from '../../engine/rng.js';

/**
 * One holder of Spot capacity a `spotInterruption` fault can reach: Fargate Spot tasks (ECS),
 * Karpenter's spot nodes (EKS), the Spot instances of Auto Scaling groups and node groups.
 * Method syntax on purpose: each holder takes its own kind of unit, and gets only its own back.
 */
export interface SpotCapacity<Unit> {
  /** The units EC2 may interrupt now (none already under a notice), in a stable order. */
  spotCandidates(): readonly Unit[];
  /** EC2's two-minute interruption notice for one of them; the holder does the rest. */
  spotNotice(unit: Unit): void;
}

/**
 * The `spotInterruption` fault's one victim rule (docs/models.md, "Spot interruptions"): the run's
 * Spot capacity, every holder's candidates in the holders' order, and `count` of them (all when
 * fewer) or a `fraction` (rounded) chosen uniformly from one stream; each victim's holder gets
 * its notice, in the order drawn. A Fargate Spot task and a Spot instance are one unit each.
 */
export class SpotNotices {
  constructor(
    private readonly holders: readonly SpotCapacity<unknown>[],
    private readonly rng: RandomStream,
  ) {}

  interrupt(count: number | { readonly fraction: number }): void {
    const units: { readonly holder: SpotCapacity<unknown>; readonly unit: unknown }[] = [];
    for (const holder of this.holders) for (const unit of holder.spotCandidates()) units.push({ holder, unit });
    const n = typeof count === 'number' ? Math.min(count, units.length) : Math.round(units.length * count.fraction);
    for (const victim of this.rng.sample(units, n)) victim.holder.spotNotice(victim.unit);
  }
}
