import type { ServiceSpec } from '../model/simulation-spec.js';
import type { Actions } from './actions/index.js';

/**
 * The scenario's services (ECS services, Kubernetes workloads) as the run begins: created when
 * the run starts, after the capacity they run on, so their schedulers find the initial hosts.
 */
export class InitialServices {
  constructor(
    private readonly actions: Actions,
    private readonly services: readonly ServiceSpec[],
  ) {}

  start(): void {
    for (const service of this.services) this.actions.services.create(service);
  }
}
