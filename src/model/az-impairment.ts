/**
 * An Availability Zone impairment (docs/models.md, "AZ impairment"): from a scenario event for a
 * window (or to the end of the run), instances in the AZ fail, and launches there (EC2
 * instances, Karpenter NodeClaims, Fargate tasks and their ENIs) fail as EC2 fails them, with
 * InsufficientInstanceCapacity. Pure data; the scenario's faults start and end it through the
 * actions module, and every launcher asks {@link launchRefused} before it launches in an AZ.
 */
export interface AzImpairment {
  readonly az: string;
  /** When the window ends; null: the rest of the run. */
  readonly untilMs: number | null;
  /** The fraction of the AZ's instances (and Fargate tasks) that fail when it starts (1: all). */
  readonly instanceFraction: number;
  /** The probability that one launch attempt in the AZ fails while it lasts (1: none succeeds). */
  readonly launchFailureRate: number;
}

/**
 * Whether a launch in `az` fails now. `draw` (a uniform [0, 1) from the launcher's own stream) is
 * called only for a partial impairment, so a run without one makes no extra draw.
 */
export function launchRefused(impairments: ReadonlyMap<string, AzImpairment>, az: string, draw: () => number): boolean {
  const impairment = impairments.get(az);
  if (impairment === undefined || impairment.launchFailureRate <= 0) return false;
  return impairment.launchFailureRate >= 1 || draw() < impairment.launchFailureRate;
}
