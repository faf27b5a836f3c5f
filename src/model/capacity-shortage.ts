/**
 * EC2 has no capacity for some instance types in some Availability Zones (docs/models.md, "EC2
 * capacity errors"): from a scenario event for a window (or to the end of the run), a launch of
 * a matching type, AZ and capacity type fails with InsufficientInstanceCapacity, with probability
 * `launchFailureRate` per attempt (1: every one). Pure data; the scenario's faults start and end
 * it through the actions module, and every EC2 launcher asks {@link capacityShort} before it
 * launches (AZ impairments, src/model/az-impairment.ts, are the whole-AZ case).
 *
 * Fargate runs short too ("Capacity is unavailable at this time. Please try again later or in a
 * different availability zone": AWS re:Post, "Troubleshoot unavailable capacity for Fargate
 * tasks"; ECS manages Fargate capacity per AZ): a shortage with `launchType` FARGATE covers task
 * launches in its AZs, On-Demand or Spot, and the Fargate launcher asks {@link fargateCapacityShort}.
 */
export type LaunchTypeShort = 'EC2' | 'FARGATE';

export interface CapacityShortage {
  /** EC2 instances, or Fargate tasks (then `instanceTypes` is null). */
  readonly launchType: LaunchTypeShort;
  /** The instance types EC2 is short of; null: every type. */
  readonly instanceTypes: ReadonlySet<string> | null;
  /** The AZs where it is short; null: every AZ. */
  readonly azs: ReadonlySet<string> | null;
  /** On-Demand or Spot capacity only; null: both. */
  readonly capacityType: 'on-demand' | 'spot' | null;
  /** When the window ends; null: the rest of the run. */
  readonly untilMs: number | null;
  /** The probability that one matching launch attempt fails while it lasts (1: none succeeds). */
  readonly launchFailureRate: number;
}

/** Whether `shortage` covers a launch of `type` in `az` as `capacityType`. */
export function covers(shortage: CapacityShortage, type: string, az: string, capacityType: 'on-demand' | 'spot'): boolean {
  return (
    shortage.launchType === 'EC2' &&
    (shortage.instanceTypes === null || shortage.instanceTypes.has(type)) &&
    (shortage.azs === null || shortage.azs.has(az)) &&
    (shortage.capacityType === null || shortage.capacityType === capacityType)
  );
}

/**
 * Whether a launch of `type` in `az` fails now for want of capacity. `draw` (a uniform [0, 1)
 * from the launcher's own stream) is called only for a matching shortage below certainty, so a
 * run without one makes no extra draw. The first matching shortage decides.
 */
export function capacityShort(shortages: readonly CapacityShortage[], type: string, az: string, capacityType: 'on-demand' | 'spot', draw: () => number): boolean {
  for (const s of shortages) {
    if (s.launchFailureRate <= 0 || !covers(s, type, az, capacityType)) continue;
    return s.launchFailureRate >= 1 || draw() < s.launchFailureRate;
  }
  return false;
}

/**
 * Whether a Fargate task launch (Fargate Spot when `capacityType` is spot) in `az` fails now for
 * want of capacity; `draw` as for {@link capacityShort}, called only for a matching shortage below
 * certainty. The first matching shortage decides.
 */
export function fargateCapacityShort(shortages: readonly CapacityShortage[], az: string, capacityType: 'on-demand' | 'spot', draw: () => number): boolean {
  for (const s of shortages) {
    if (s.launchType !== 'FARGATE' || s.launchFailureRate <= 0) continue;
    if ((s.azs !== null && !s.azs.has(az)) || (s.capacityType !== null && s.capacityType !== capacityType)) continue;
    return s.launchFailureRate >= 1 || draw() < s.launchFailureRate;
  }
  return false;
}
