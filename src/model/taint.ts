/**
 * Kubernetes node taints (core/v1 Taint): a node repels pods that do not tolerate them. Its own
 * module because nodes carry taints and pod specs tolerate them by effect, and neither should
 * import the other for it.
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
}
