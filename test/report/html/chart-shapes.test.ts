import { describe, expect, it } from 'vitest';
import { produceRunOutputs, writeReportHtml } from '../../../src/experiments/run-outputs.js';
import { reportChartShapes } from '../../../src/report/html/chart-shapes.js';
import type { RunReportData } from '../../../src/report/html/report-data.js';
import { compileChartShapes, type ParsedShape, type ParsedShapes } from '../../../src/report/html/vega-svg.js';
import { loadSpec } from '../../support/scenario-runner.js';

/** Scenarios whose reports between them draw every kind of chart: ECS and EKS, EC2 and Fargate, deployments, faults, scaling, subnets. */
const SCENARIOS = [
  'scenarios/quickstart.yaml',
  'scenarios/seed/ecs-fargate-api.yaml',
  'scenarios/seed/eks-karpenter.yaml',
  'scenarios/load/diurnal-hpa.yaml',
  'scenarios/deployments/ecs-circuit-breaker-rollback.yaml',
  'scenarios/deployments/eks-statefulset-rolling-update.yaml',
  'scenarios/war-stories/fargate-spot-termination-during-deploy.yaml',
  'scenarios/war-stories/eks-ip-exhaustion.yaml',
];

function report(file: string): RunReportData {
  const outputs = produceRunOutputs(loadSpec(file), {}, () => ({ write: () => undefined }));
  if (outputs.report === null) throw new Error('no report');
  return outputs.report;
}

async function page(data: RunReportData, shapes?: ParsedShapes): Promise<string> {
  let out = '';
  await writeReportHtml(data, () => ({ write: (chunk: string) => void (out += chunk) }), shapes);
  return out;
}

/** The compiled shapes, recording every key a page asked for that they do not have. */
class Recording implements ParsedShapes {
  readonly missed: string[] = [];
  constructor(private readonly shapes: ReadonlyMap<string, ParsedShape>) {}
  get(key: string): ParsedShape | undefined {
    const shape = this.shapes.get(key);
    if (shape === undefined) this.missed.push(key);
    return shape;
  }
}

describe('the report charts compiled ahead of time', () => {
  const compiled = compileChartShapes(reportChartShapes());

  it('are one shape per time chart option set and one per other chart: 32 + 3', async () => {
    expect((await compiled).size).toBe(35);
  });

  it.each(SCENARIOS)('cover every chart of the report of %s, which is the same page with them as without', async (file) => {
    const data = report(file);
    const shapes = new Recording(await compiled);
    const ahead = await page(data, shapes);
    expect(shapes.missed).toEqual([]);
    expect(ahead).toBe(await page(data));
  });
});
