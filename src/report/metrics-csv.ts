import type { FleetEvent } from '../model/events/index.js';
import { CsvWriter, seconds } from './csv-writer.js';
import type { TextSink } from './text-sink.js';

/**
 * metrics.csv: one row per service per minute with the ALB's and ECS's CloudWatch metrics
 * (seed §14): RequestCount, HTTPCode_Target_5XX_Count, HTTPCode_ELB_5XX_Count,
 * TargetResponseTime (ms), CPUUtilization (%), serving tasks and RequestCountPerTarget.
 */
export class MetricsCsv {
  private readonly csv: CsvWriter;

  constructor(sink: TextSink) {
    this.csv = new CsvWriter(sink, [
      'time_s',
      'service',
      'request_count',
      'httpcode_target_5xx_count',
      'httpcode_elb_5xx_count',
      'target_response_time_ms',
      'cpu_utilization',
      'serving_tasks',
      'request_count_per_target',
    ]);
  }

  readonly listener = (r: FleetEvent): void => {
    if (r.type !== 'metrics.minute') return;
    const m = r.minute;
    this.csv.row([seconds(r.time), m.service, m.requests, m.target5xx, m.elb5xx, m.targetResponseTimeMs, m.cpuUtilization, m.servingTasks, m.requestCountPerTarget]);
  };

  close(): void {
    this.csv.close();
  }
}
