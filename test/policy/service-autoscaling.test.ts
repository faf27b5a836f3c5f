import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../src/engine/time.js';
import {
  DEFAULT_ECS_COOLDOWN_MS,
  SCALE_IN_DATAPOINTS,
  SCALE_IN_THRESHOLD_RATIO,
  SCALE_OUT_DATAPOINTS,
  type ScalableTargetSpec,
  type ScalingPolicySpec,
  type StepScalingPolicySpec,
  type TargetTrackingPolicySpec,
} from '../../src/model/service-autoscaling-spec.js';
import {
  evaluateScalableTarget,
  INITIAL_SCALING_STATE,
  scalableTargetSpecProblems,
  type ScalableTargetEvaluation,
  type ScalingMetrics,
  type ScalingState,
} from '../../src/policy/autoscaling/target-tracking.js';
import { describePolicyDecision } from '../../src/report/describe/scaling-reasons.js';

// ---------------------------------------------------------------------------------------------
// Builders

const CPU = 'ECSServiceAverageCPUUtilization';
const ALB = 'ALBRequestCountPerTarget';

/** The seed's CPU policy: scaleOnCpuUtilization(65 %), cooldowns 60 s out / 300 s in. */
function cpuPolicy(overrides: Partial<TargetTrackingPolicySpec> = {}): TargetTrackingPolicySpec {
  return {
    kind: 'TargetTracking',
    name: 'CpuScaling',
    metric: CPU,
    targetValue: 65,
    scaleOutCooldownMs: 60 * SECOND,
    scaleInCooldownMs: 300 * SECOND,
    disableScaleIn: false,
    ...overrides,
  };
}

/** The seed's request policy: scaleOnRequestCount(1000 per target), same cooldowns. */
function requestPolicy(overrides: Partial<TargetTrackingPolicySpec> = {}): TargetTrackingPolicySpec {
  return cpuPolicy({ name: 'RequestScaling', metric: ALB, targetValue: 1000, ...overrides });
}

function stepPolicy(overrides: Partial<StepScalingPolicySpec> = {}): StepScalingPolicySpec {
  return {
    kind: 'StepScaling',
    name: 'Steps',
    metric: CPU,
    threshold: 70,
    comparison: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    adjustmentType: 'ChangeInCapacity',
    stepAdjustments: [{ lower: 0, scalingAdjustment: 1 }],
    metricAggregationType: 'Average',
    cooldownMs: DEFAULT_ECS_COOLDOWN_MS,
    ...overrides,
  };
}

function target(policies: ScalingPolicySpec[], minCapacity = 1, maxCapacity = 100): ScalableTargetSpec {
  return { minCapacity, maxCapacity, policies };
}

/** `n` one-minute datapoints of `value`. */
const flat = (n: number, value: number): number[] => Array.from({ length: n }, () => value);
/** Enough history for both target tracking alarms, all at `value`. */
const steady = (value: number): number[] => flat(SCALE_IN_DATAPOINTS, value);

const T0 = 60 * MINUTE;

function evaluate(
  spec: ScalableTargetSpec,
  currentCapacity: number,
  metrics: ScalingMetrics,
  state: ScalingState = INITIAL_SCALING_STATE,
  now = T0,
  scaleInSuspended = false,
): ScalableTargetEvaluation {
  return evaluateScalableTarget({ now, currentCapacity, spec, metrics, state, scaleInSuspended });
}

function actionOf(result: ScalableTargetEvaluation, policy: string): string | undefined {
  return result.decisions.find((d) => d.policy === policy)?.action;
}

// ---------------------------------------------------------------------------------------------

describe('the documented alarm constants', () => {
  it('are 3 datapoints out, 15 in, and a low threshold at 90% of the target', () => {
    expect([SCALE_OUT_DATAPOINTS, SCALE_IN_DATAPOINTS, SCALE_IN_THRESHOLD_RATIO]).toEqual([3, 15, 0.9]);
  });
});

describe('target tracking alarms', () => {
  const spec = target([cpuPolicy()]);
  it.each([
    ['3 high datapoints scale out', [130, 130, 130], 4, 8, 'scale-out'],
    ['2 high datapoints do nothing (INSUFFICIENT_DATA)', [130, 130], 4, 4, 'none'],
    ['2 of the last 3 high do nothing', [130, 50, 130, 130], 4, 4, 'none'],
    ['exactly on target is not above it', [65, 65, 65], 4, 4, 'none'],
    ['15 datapoints below 90% of target scale in', flat(15, 40), 4, 3, 'scale-in'],
    ['14 low datapoints do nothing', flat(14, 40), 4, 4, 'none'],
    ['15 datapoints with one not low do nothing', [...flat(7, 40), 60, ...flat(7, 40)], 4, 4, 'none'],
    ['exactly 90% of target is not below it', flat(15, 58.5), 4, 4, 'none'],
    ['between 90% and 100% of target does nothing', flat(15, 62), 4, 4, 'none'],
    ['a low alarm that cannot remove a whole task does nothing', flat(15, 50), 1, 1, 'none'],
    ['no datapoints at all does nothing', [], 4, 4, 'none'],
  ])('%s', (_name, series, current, desired, action) => {
    const result = evaluate(spec, current, { [CPU]: series });
    expect(result.desiredCapacity).toBe(desired);
    expect(actionOf(result, 'CpuScaling')).toBe(action);
  });

  it('explains a scale out in words', () => {
    const result = evaluate(spec, 4, { [CPU]: [130, 130, 130] });
    expect(result.decisions[0]!.explanation).toMatchObject({ code: 'SCALE_OUT', from: 4, to: 8, breach: { kind: 'above-target', latest: 130, target: 65, datapoints: 3 } });
    expect(describePolicyDecision(result.decisions[0]!)).toContain('130 > target 65 for 3 datapoints');
    expect(describePolicyDecision(result.decisions[0]!)).toContain('4 -> 8');
    expect(result.activity).toEqual({ at: T0, policy: 'CpuScaling', fromCapacity: 4, toCapacity: 8, cooldownMs: 60 * SECOND });
  });
});

describe('the target tracking capacity formula: ceil(capacity x metric / target)', () => {
  it.each([
    // capacity, metric, target, new capacity
    [4, 130, 65, 8],
    [4, 100, 65, 7], // 6.15 rounds up when adding
    [10, 70, 65, 11], // 10.77
    [3, 66, 65, 4], // just above target still adds a whole task
    [10, 30, 65, 5], // 4.6: remove 5 (5.4 rounded down)
    [4, 40, 65, 3], // 2.46: remove 1 (1.54 rounded down)
    [10, ((0.1 * 3 * 100) / 3) * 7, 70, 10], // 70.00000000000001 is floating-point noise, not a task
  ])('%i tasks at %d with target %d -> %i', (capacity, metric, targetValue, expected) => {
    const result = evaluate(target([cpuPolicy({ targetValue })]), capacity, { [CPU]: steady(metric) });
    expect(result.desiredCapacity).toBe(expected);
  });

  it('uses requests per target for ALBRequestCountPerTarget', () => {
    const result = evaluate(target([requestPolicy()]), 4, { [ALB]: flat(3, 2500) });
    expect(result.desiredCapacity).toBe(10);
  });

  it('uses the most recent datapoint', () => {
    const result = evaluate(target([cpuPolicy()]), 4, { [CPU]: [200, 150, 130] });
    expect(result.desiredCapacity).toBe(8);
  });

  it('scales out from zero tasks as if there were one', () => {
    const result = evaluate(target([requestPolicy()], 0, 10), 0, { [ALB]: flat(3, 2500) });
    expect(result.desiredCapacity).toBe(3);
  });
});

describe('scale-out cooldown', () => {
  const spec = target([cpuPolicy()]);
  const first = evaluate(spec, 4, { [CPU]: flat(3, 130) });

  it('starts with the first scale out', () => {
    expect(first.desiredCapacity).toBe(8);
    expect(first.state.lastScaleOut).toMatchObject({ fromCapacity: 4, toCapacity: 8, cooldownMs: 60 * SECOND });
  });

  it.each([
    // metric during the cooldown, desired capacity: proposals count from the 4 before the scale out
    ['a larger alarm adds only the difference', 195, 12], // ceil(4 x 195/65) = 12: +4, not 8 x 3 = 24
    ['a somewhat larger alarm', 150, 10], // ceil(9.23) = 10
    ['the same alarm again does nothing', 130, 8],
    ['a smaller alarm does nothing', 100, 8],
  ])('%s', (_name, metric, desired) => {
    const result = evaluate(spec, 8, { [CPU]: flat(3, metric) }, first.state, T0 + 30 * SECOND);
    expect(result.desiredCapacity).toBe(desired);
  });

  it('records the larger scale out as a new activity', () => {
    const result = evaluate(spec, 8, { [CPU]: flat(3, 195) }, first.state, T0 + 30 * SECOND);
    expect(result.activity).toMatchObject({ fromCapacity: 8, toCapacity: 12, at: T0 + 30 * SECOND });
  });

  it('says why it waits', () => {
    const result = evaluate(spec, 8, { [CPU]: flat(3, 130) }, first.state, T0 + 30 * SECOND);
    expect(result.decisions[0]!.explanation.code).toBe('SCALE_OUT_COOLDOWN');
    expect(describePolicyDecision(result.decisions[0]!)).toContain('scale-out cooldown');
    expect(result.activity).toBeUndefined();
  });

  it('ends after the cooldown: the proposal counts from the current capacity again', () => {
    const result = evaluate(spec, 8, { [CPU]: flat(3, 130) }, first.state, T0 + 60 * SECOND);
    expect(result.desiredCapacity).toBe(16);
  });
});

describe('scale-in cooldown', () => {
  const spec = target([cpuPolicy()]);
  const scaledIn = evaluate(spec, 10, { [CPU]: steady(30) });

  it('starts with a scale in', () => {
    expect(scaledIn.desiredCapacity).toBe(5);
    expect(scaledIn.state.lastScaleIn).toMatchObject({ fromCapacity: 10, toCapacity: 5, cooldownMs: 300 * SECOND });
  });

  it.each([
    ['blocks another scale in', 100 * SECOND, steady(20), 5, 'none'],
    ['does not block a scale out', 100 * SECOND, steady(130), 10, 'scale-out'],
    ['lets a scale in through once over', 300 * SECOND, steady(20), 2, 'scale-in'],
  ])('%s', (_name, after, series, desired, action) => {
    const result = evaluate(spec, 5, { [CPU]: series }, scaledIn.state, T0 + after);
    expect(result.desiredCapacity).toBe(desired);
    expect(actionOf(result, 'CpuScaling')).toBe(action);
  });

  it('ends when a scale out happens during it', () => {
    const out = evaluate(spec, 5, { [CPU]: steady(130) }, scaledIn.state, T0 + 100 * SECOND);
    expect(out.state.lastScaleIn).toBeUndefined();
    // After that scale out's own cooldown, a scale in is allowed although 300 s have not passed.
    const later = evaluate(spec, 10, { [CPU]: steady(20) }, out.state, T0 + 200 * SECOND);
    expect(later.desiredCapacity).toBe(4);
  });
});

describe('DisableScaleIn', () => {
  const spec = target([cpuPolicy({ disableScaleIn: true })]);
  it.each([
    ['never scales in', steady(10), 10, 10, 'none'],
    ['still scales out', flat(3, 130), 4, 8, 'scale-out'],
  ])('%s', (_name, series, current, desired, action) => {
    const result = evaluate(spec, current, { [CPU]: series });
    expect(result.desiredCapacity).toBe(desired);
    expect(actionOf(result, 'CpuScaling')).toBe(action);
  });
});

describe('two target tracking policies (the seed: CPU 65% and 1000 requests per target)', () => {
  const spec = target([cpuPolicy(), requestPolicy()], 4, 16);
  it.each([
    // name, cpu, requests per target, current, desired, winner
    ['CPU high scales out', 130, 900, 4, 8, 'CpuScaling'],
    ['requests high scales out', 60, 2000, 4, 8, 'RequestScaling'],
    ['both high: the larger capacity wins', 130, 2500, 4, 10, 'RequestScaling'],
    ['CPU low but requests on target: no scale in', 20, 950, 8, 8, undefined],
    ['requests low but CPU on target: no scale in', 60, 300, 8, 8, undefined],
    ['both low: scale in to the larger capacity', 20, 500, 12, 6, 'RequestScaling'], // CPU says 4, requests 6
    ['CPU low and requests high: scale out', 20, 2000, 4, 8, 'RequestScaling'],
  ])('%s', (_name, cpu, requests, current, desired, winner) => {
    const result = evaluate(spec, current, { [CPU]: steady(cpu), [ALB]: steady(requests) });
    expect(result.desiredCapacity).toBe(desired);
    expect(result.activity?.policy).toBe(winner);
  });

  it('names the policy that is not ready when it vetoes a scale in', () => {
    const result = evaluate(spec, 8, { [CPU]: steady(20), [ALB]: steady(950) });
    const cpu = result.decisions.find((d) => d.policy === 'CpuScaling')!;
    expect(cpu).toMatchObject({ action: 'none', proposed: 4 });
    expect(cpu.veto).toEqual({ code: 'POLICIES_NOT_READY', policies: ['RequestScaling'] });
    expect(describePolicyDecision(cpu)).toContain('RequestScaling is not');
  });

  it('a policy without data is not ready to scale in', () => {
    const result = evaluate(spec, 8, { [CPU]: steady(20) });
    expect(result.desiredCapacity).toBe(8);
  });

  it('a policy with scale in disabled does not have to agree', () => {
    const withDisabled = target([cpuPolicy(), requestPolicy({ disableScaleIn: true })], 4, 16);
    const result = evaluate(withDisabled, 8, { [CPU]: steady(20), [ALB]: steady(950) });
    expect(result.desiredCapacity).toBe(4);
    expect(result.activity?.policy).toBe('CpuScaling');
  });

  it('a scale out cancels the other policy\'s scale in', () => {
    const result = evaluate(spec, 8, { [CPU]: steady(20), [ALB]: steady(2000) });
    expect(actionOf(result, 'CpuScaling')).toBe('none');
    expect(actionOf(result, 'RequestScaling')).toBe('scale-out');
  });
});

describe('min and max capacity', () => {
  const spec = target([cpuPolicy()], 4, 16);
  it.each([
    ['a scale out stops at maxCapacity', 4, steady(500), 16, 'scale-out'], // ceil(30.8) = 31
    ['a scale in stops at minCapacity', 10, steady(5), 4, 'scale-in'], // ceil(0.77) = 1
    ['at maxCapacity a high alarm does nothing', 16, steady(130), 16, 'none'],
    ['at minCapacity a low alarm does nothing', 4, steady(5), 4, 'none'],
    ['a capacity above the range is brought down to maxCapacity', 20, steady(62), 16, 'none'],
    ['a capacity below the range is brought up to minCapacity', 2, steady(62), 4, 'none'],
  ])('%s', (_name, current, series, desired, action) => {
    const result = evaluate(spec, current, { [CPU]: series });
    expect(result.desiredCapacity).toBe(desired);
    expect(actionOf(result, 'CpuScaling')).toBe(action);
  });

  it('a clamp is no scaling activity and starts no cooldown', () => {
    const result = evaluate(spec, 20, { [CPU]: steady(62) });
    expect(result.activity).toBeUndefined();
    expect(result.state).toEqual(INITIAL_SCALING_STATE);
  });
});

describe('step scaling', () => {
  describe('ChangeInCapacity', () => {
    const spec = target([
      stepPolicy({
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        stepAdjustments: [
          { lower: 0, upper: 10, scalingAdjustment: 1 },
          { lower: 10, upper: 20, scalingAdjustment: 2 },
          { lower: 20, scalingAdjustment: 4 },
        ],
      }),
    ]);
    it.each([
      // datapoints (threshold 70, >=, 2 of 3, Average), current, desired
      ['on the threshold: first step (lower bound inclusive)', [70, 70, 70], 5, 6],
      ['just under the next step', [79.9, 79.9, 79.9], 5, 6],
      ['on the second step (upper bound exclusive)', [80, 80, 80], 5, 7],
      ['far above: the open-ended step', [95, 95, 95], 5, 9],
      ['2 of 3 breaching alarms; the average picks the step', [60, 75, 75], 5, 6],
      ['1 of 3 breaching does not alarm', [60, 60, 95], 5, 5],
      ['below the threshold does not alarm', [69, 69, 69], 5, 5],
      ['fewer datapoints than datapointsToAlarm is INSUFFICIENT_DATA', [95], 5, 5],
    ])('%s', (_name, series, current, desired) => {
      expect(evaluate(spec, current, { [CPU]: series }).desiredCapacity).toBe(desired);
    });

    const scaleIn = target([
      stepPolicy({
        comparison: 'LessThanOrEqualToThreshold',
        threshold: 30,
        stepAdjustments: [
          { lower: -10, upper: 0, scalingAdjustment: -1 },
          { upper: -10, scalingAdjustment: -2 },
        ],
      }),
    ]);
    it.each([
      ['on the threshold (upper bound inclusive below it)', 30, 4],
      ['inside the first step', 25, 4],
      ['on the boundary: the lower step (lower bound exclusive below it)', 20, 3],
      ['far below', 5, 3],
      ['above the threshold does not alarm', 31, 5],
    ])('scale in: %s', (_name, metric, desired) => {
      expect(evaluate(scaleIn, 5, { [CPU]: [metric] }).desiredCapacity).toBe(desired);
    });
  });

  describe('PercentChangeInCapacity (the user guide example, threshold 50)', () => {
    const out = stepPolicy({
      name: 'Out',
      threshold: 50,
      adjustmentType: 'PercentChangeInCapacity',
      stepAdjustments: [
        { lower: 0, upper: 10, scalingAdjustment: 0 },
        { lower: 10, upper: 20, scalingAdjustment: 10 },
        { lower: 20, scalingAdjustment: 30 },
      ],
    });
    const inn = stepPolicy({
      name: 'In',
      threshold: 50,
      comparison: 'LessThanOrEqualToThreshold',
      adjustmentType: 'PercentChangeInCapacity',
      stepAdjustments: [
        { lower: -10, upper: 0, scalingAdjustment: 0 },
        { lower: -20, upper: -10, scalingAdjustment: -10 },
        { upper: -20, scalingAdjustment: -30 },
      ],
    });
    const spec = target([out, inn], 1, 100);
    it.each([
      ['between 40 and 60 nothing changes', 10, 55, 10],
      ['at 60: +10% of 10 = 1', 10, 60, 11],
      ['at 70: +30% of 11 = 3.3, rounded down to 3', 11, 70, 14],
      ['at 40: -10% of 14 = -1.4, rounded to -1', 14, 40, 13],
      ['at 30: -30% of 13 = -3.9, rounded to -3', 13, 30, 10],
      ['+10% of 4 = 0.4 rounds to 1', 4, 60, 5],
      ['-10% of 4 = -0.4 rounds to -1', 4, 40, 3],
    ])('%s', (_name, current, metric, desired) => {
      expect(evaluate(spec, current, { [CPU]: [metric] }).desiredCapacity).toBe(desired);
    });

    it('MinAdjustmentMagnitude raises a small change: 25% of 4 is 1, at least 2', () => {
      const policy = stepPolicy({
        adjustmentType: 'PercentChangeInCapacity',
        minAdjustmentMagnitude: 2,
        stepAdjustments: [{ lower: 0, scalingAdjustment: 25 }],
      });
      expect(evaluate(target([policy]), 4, { [CPU]: [80] }).desiredCapacity).toBe(6);
      expect(evaluate(target([policy]), 20, { [CPU]: [80] }).desiredCapacity).toBe(25); // 5 >= 2
    });
  });

  it('ExactCapacity sets the capacity', () => {
    const policy = stepPolicy({ adjustmentType: 'ExactCapacity', stepAdjustments: [{ lower: 0, scalingAdjustment: 12 }] });
    expect(evaluate(target([policy]), 4, { [CPU]: [90] }).desiredCapacity).toBe(12);
  });

  it.each([
    ['Average', 70, 6],
    ['Maximum', 90, 8],
    ['Minimum', 60, 5],
  ] as const)('MetricAggregationType %s', (metricAggregationType, _value, desired) => {
    const policy = stepPolicy({
      threshold: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 1,
      metricAggregationType,
      stepAdjustments: [
        { lower: 0, upper: 5, scalingAdjustment: 0 },
        { lower: 5, upper: 20, scalingAdjustment: 1 },
        { lower: 20, scalingAdjustment: 3 },
      ],
    });
    expect(evaluate(target([policy]), 5, { [CPU]: [60, 60, 90] }).desiredCapacity).toBe(desired);
  });

  it('cooldown: +2, then a +3 step during the cooldown adds only 1 (the user guide example)', () => {
    const policy = stepPolicy({
      stepAdjustments: [
        { lower: 0, upper: 20, scalingAdjustment: 2 },
        { lower: 20, scalingAdjustment: 3 },
      ],
    });
    const spec = target([policy]);
    const first = evaluate(spec, 10, { [CPU]: [75] });
    expect(first.desiredCapacity).toBe(12);
    const again = evaluate(spec, 12, { [CPU]: [75] }, first.state, T0 + MINUTE);
    expect(again.desiredCapacity).toBe(12);
    const larger = evaluate(spec, 12, { [CPU]: [95] }, first.state, T0 + MINUTE);
    expect(larger.desiredCapacity).toBe(13);
    const after = evaluate(spec, 12, { [CPU]: [75] }, first.state, T0 + DEFAULT_ECS_COOLDOWN_MS);
    expect(after.desiredCapacity).toBe(14);
  });

  it('a step scale in is not held back by a target tracking policy that is not ready', () => {
    const steps = stepPolicy({
      comparison: 'LessThanOrEqualToThreshold',
      threshold: 30,
      stepAdjustments: [{ upper: 0, scalingAdjustment: -1 }],
    });
    const result = evaluate(target([requestPolicy(), steps]), 6, { [CPU]: [20], [ALB]: steady(950) });
    expect(result.desiredCapacity).toBe(5);
    expect(result.activity?.policy).toBe('Steps');
  });
});

describe('scale in during a deployment', () => {
  it.each([
    ['no scale in', steady(20), 8, 8],
    ['scale out goes on', steady(130), 4, 8],
  ])('%s', (_name, series, current, desired) => {
    const result = evaluate(target([cpuPolicy()]), current, { [CPU]: series }, INITIAL_SCALING_STATE, T0, true);
    expect(result.desiredCapacity).toBe(desired);
  });
});

describe('purity', () => {
  function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
  }

  it('does not mutate its input and gives the same output twice', () => {
    const spec = target([cpuPolicy(), requestPolicy(), stepPolicy({ name: 'S', stepAdjustments: [{ lower: 0, scalingAdjustment: 1 }] })], 2, 20);
    const input = deepFreeze({
      now: T0 + 30 * SECOND,
      currentCapacity: 8,
      spec,
      metrics: { [CPU]: steady(195), [ALB]: steady(500) },
      state: { lastScaleOut: { at: T0, policy: 'CpuScaling', fromCapacity: 4, toCapacity: 8, cooldownMs: 60 * SECOND } },
    });
    const a = evaluateScalableTarget(input);
    const b = evaluateScalableTarget(input);
    expect(a).toEqual(b);
    expect(a.desiredCapacity).toBe(12);
  });

  it('drops a cooldown that has ended', () => {
    const state: ScalingState = { lastScaleIn: { at: 0, policy: 'CpuScaling', fromCapacity: 8, toCapacity: 4, cooldownMs: 300 * SECOND } };
    const result = evaluate(target([cpuPolicy()]), 4, { [CPU]: steady(62) }, state, 301 * SECOND);
    expect(result.state).toEqual({});
  });
});

describe('scalable target validation', () => {
  it.each([
    ['a valid spec', target([cpuPolicy(), requestPolicy()], 2, 8), []],
    ['min above max', target([cpuPolicy()], 9, 8), ['minCapacity 9 is above maxCapacity 8']],
    ['two target tracking policies on one metric', target([cpuPolicy(), cpuPolicy({ name: 'Other' })]), ['Other: another target tracking policy already tracks ECSServiceAverageCPUUtilization']],
    ['a duplicate name', target([cpuPolicy(), requestPolicy({ name: 'CpuScaling' })]), ['policy name CpuScaling is used twice']],
    [
      'overlapping steps',
      target([stepPolicy({ stepAdjustments: [{ lower: 0, upper: 20, scalingAdjustment: 1 }, { lower: 10, scalingAdjustment: 2 }] })]),
      ["Steps: step adjustments can't overlap or have a gap (20 then 10)"],
    ],
    [
      'a gap between steps',
      target([stepPolicy({ stepAdjustments: [{ lower: 0, upper: 10, scalingAdjustment: 1 }, { lower: 20, scalingAdjustment: 2 }] })]),
      ["Steps: step adjustments can't overlap or have a gap (10 then 20)"],
    ],
    [
      'a positive upper bound without an open-ended step',
      target([stepPolicy({ stepAdjustments: [{ lower: 0, upper: 10, scalingAdjustment: 1 }] })]),
      ['Steps: a positive upper bound needs a step adjustment with a null upper bound'],
    ],
    [
      'MinAdjustmentMagnitude without percentages',
      target([stepPolicy({ minAdjustmentMagnitude: 2 })]),
      ['Steps: minAdjustmentMagnitude applies only to PercentChangeInCapacity'],
    ],
    [
      'datapointsToAlarm above evaluationPeriods',
      target([stepPolicy({ evaluationPeriods: 2, datapointsToAlarm: 3 })]),
      ['Steps: datapointsToAlarm must be an integer from 1 to evaluationPeriods'],
    ],
  ])('%s', (_name, spec, problems) => {
    expect(scalableTargetSpecProblems(spec)).toEqual(problems);
  });

  it('evaluation rejects bad input with a RangeError', () => {
    expect(() => evaluate(target([cpuPolicy()], 9, 8), 4, {})).toThrow(RangeError);
    expect(() => evaluate(target([cpuPolicy()]), 2.5, {})).toThrow(/non-negative integer/);
  });
});
