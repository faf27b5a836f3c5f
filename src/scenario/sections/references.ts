/** The services (ECS) or workloads (EKS) a scenario defines, for events and expectations that name one. */
import type { Platform, ServiceSpec } from '../../model/simulation-spec.js';
import { nearest, uniqueNames, type Path, type Problems } from './problems.js';

export interface ServiceNames {
  /** "service" on ECS, "workload" on EKS: how messages name them. */
  readonly what: 'service' | 'workload';
  readonly names: readonly string[];
  /** Reports at `path` when no service (workload) is called `name`, with the nearest name. */
  check(name: string, path: Path): void;
}

/**
 * The names of `services` (the scenario's ECS services, then its workloads, then built-ins such
 * as CoreDNS), each defined once: a duplicate is reported at `pathOf(index)` (its serviceName or
 * name). `daemons`: the DaemonSets or DAEMON services, which a reference may not name.
 */
export function serviceNames(services: readonly ServiceSpec[], pathOf: (i: number) => Path, platform: Platform, problems: Problems, daemons: readonly string[] = []): ServiceNames {
  const what = platform === 'eks' ? 'workload' : 'service';
  const names = services.map((s) => s.name);
  uniqueNames(names, pathOf, what, problems);
  return {
    what,
    names,
    check(name, path) {
      if (names.includes(name)) return;
      if (daemons.includes(name)) {
        problems.report(path, `'${name}' is a ${platform === 'eks' ? 'DaemonSet' : 'DAEMON service'}, which fleetsim models as node capacity (docs/models.md, "DaemonSets and DAEMON services"): events and expectations cannot name it`);
        return;
      }
      const hint = nearest(name, names);
      problems.report(path, `no ${what} named '${name}'${hint !== '' ? hint : names.length === 0 ? ` (the scenario defines no ${what}s)` : ''}`);
    },
  };
}
