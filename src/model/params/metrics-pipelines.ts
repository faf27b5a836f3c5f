/**
 * How metrics reach the autoscalers.
 * - metrics-server scrapes kubelets every `--metric-resolution` (15 s by default in current
 *   metrics-server releases); the HPA controller syncs every 15 s
 *   (`--horizontal-pod-autoscaler-sync-period`) and reads the latest scrape.
 * - ECS publishes service CPUUtilization (and the ALB its request counts) as one-minute
 *   CloudWatch datapoints; a datapoint becomes visible to alarms after a publication delay
 *   (assumption: 60 s; CloudWatch documents that metrics can take minutes to appear), and
 *   alarms evaluate once a minute.
 */
export interface MetricsPipelineParams {
  readonly metricsServerResolutionMs: number;
  readonly cloudWatchPublicationDelayMs: number;
}

export const METRICS_PIPELINES: MetricsPipelineParams = {
  metricsServerResolutionMs: 15_000,
  cloudWatchPublicationDelayMs: 60_000,
};
