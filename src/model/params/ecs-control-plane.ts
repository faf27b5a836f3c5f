/**
 * How long the ECS control plane takes to react (docs/models.md, "Control-plane timing").
 *
 * ECS's service scheduler is a shared, multi-tenant control plane ("a shared tenancy scheduler
 * that serves hundreds of thousands of customers", Nathan Peck, "Improvements to Amazon ECS task
 * launch behavior when tasks have prolonged shutdown", containersonaws.com, 2023): it acts on a
 * change some seconds after it happens, not in the same instant. AWS publishes no figure for that
 * delay, so the reaction times below are labelled assumptions; the steady-state cadence is
 * documented.
 */
export interface EcsControlPlaneParams {
  /**
   * From an event that needs the service scheduler (a desired-count change, a new deployment, a
   * stopped task to replace, a task that came up or passed its health checks during a
   * deployment, a container instance that registered or started draining) to the scheduler's
   * next pass over the service, which launches, stops and places tasks. **Assumption**: a few
   * seconds, the order of what UpdateService-to-PROVISIONING takes in practice; ECS documents
   * none. Several triggers within the delay share one pass.
   */
  readonly serviceSchedulerReactionMs: number;
  /**
   * From the circuit breaker's FAILED verdict to the rollback deployment's start: ECS records
   * the failed deployment, then starts a new one of the last COMPLETED revision in a later pass
   * of the scheduler (its SERVICE_DEPLOYMENT_FAILED and the rollback's SERVICE_DEPLOYMENT_IN_PROGRESS
   * are separate events). **Assumption**: one scheduler reaction.
   */
  readonly circuitBreakerRollbackMs: number;
  /**
   * How often a service in steady state says so again. "The service scheduler reports the status
   * periodically, so you might receive this message multiple times" (ECS developer guide,
   * "Amazon ECS service action events", SERVICE_STEADY_STATE); "duplicate event messages are
   * omitted until either the cause is resolved or six hours passes" (ECS developer guide,
   * "Service event messages"): once each time it reaches steady state, then every six hours.
   */
  readonly steadyStateRepeatMs: number;
}

export const ECS_CONTROL_PLANE: EcsControlPlaneParams = {
  serviceSchedulerReactionMs: 3_000,
  circuitBreakerRollbackMs: 3_000,
  steadyStateRepeatMs: 6 * 3_600_000,
};
