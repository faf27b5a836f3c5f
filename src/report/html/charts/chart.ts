import type { TopLevelSpec } from 'vega-lite';

/** A chart ready to render, with the data table the page shows behind a disclosure. */
export interface Chart {
  readonly spec: TopLevelSpec;
  readonly table: DataTable;
}

/** A plain table: header cells, then rows (null: no value). */
export interface DataTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** The width of a chart's plotting area, px; the page scales the SVG down on narrow screens. */
export const CHART_WIDTH = 680;

/** How a chart's time axis counts: minutes for runs up to three hours, hours beyond. */
export interface TimeAxis {
  readonly divisor: number;
  readonly title: string;
  /** The end of the run in axis units (every time chart of a report spans 0..end). */
  readonly end: number;
}

export function timeAxis(durationS: number): TimeAxis {
  return durationS <= 3 * 3600 ? { divisor: 60, title: 'minutes into the run', end: durationS / 60 } : { divisor: 3600, title: 'hours into the run', end: durationS / 3600 };
}

/** A time in axis units, rounded for tables and data (3 decimals). */
export function axisTime(seconds: number, axis: TimeAxis): number {
  return Math.round((seconds / axis.divisor) * 1000) / 1000;
}
