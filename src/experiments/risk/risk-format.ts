import type { ProbabilityVerdict } from './probability-verdict.js';
import type { Interval } from './wilson-interval.js';

/** How rates and verdicts over seeds are written, in sweep.md, risk.csv and the printed risk report. */

/** `79.0 %`: a rate to one decimal of a percent. */
export function formatPercent(rate: number): string {
  return `${(rate * 100).toFixed(1)} %`;
}

/** `72.8-84.1 %`: an interval of rates. */
export function formatInterval(i: Interval): string {
  return `${(i.low * 100).toFixed(1)}-${(i.high * 100).toFixed(1)} %`;
}

/** PASS, FAIL or NOT JUDGED, as the run summary writes verdicts. */
export function verdictWord(v: ProbabilityVerdict): string {
  return v === 'passed' ? 'PASS' : v === 'failed' ? 'FAIL' : 'NOT JUDGED';
}
