import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/rng.js';
import { DEFAULT_SERVICE_PLACEMENT, type EcsPlacementConstraint, type EcsPlacementSpec, type EcsPlacementStrategy } from '../../src/model/ecs-placement-spec.js';
import { freeCpu, freeMemoryMiB, type Host } from '../../src/model/host.js';
import type { Task } from '../../src/model/task.js';
import { firstFit } from '../../src/policy/first-fit.js';
import { naiveEcsPlace } from '../../src/policy/ecs/naive-placement.js';
import { EcsPlacementEngine } from '../../src/policy/ecs/placement-engine.js';
import { compileEcsPlacement } from '../../src/policy/ecs/placement-rules.js';
import type { PlacementResult } from '../../src/policy/placement-policy.js';
import { describePlacementFailure } from '../../src/report/describe/placement.js';
import { SortedKeyList } from '../../src/policy/ecs/sorted-key-list.js';
import { compileStrategy, STRATEGY_FACTORIES } from '../../src/policy/ecs/strategy-registry.js';
import { AZ, binpack, distinctInstance, EcsCluster, memberOf, random, spec, spread } from '../support/ecs-placement-fixtures.js';

const A = 'us-east-1a';
const B = 'us-east-1b';
const C = 'us-east-1c';

/** Both implementations' choice for one task of `service` (no state change). */
function choose(cluster: EcsCluster, placement: EcsPlacementSpec, service: string, seed = 's'): { engine: string; naive: string } {
  const engine = cluster.engine(placement, seed);
  const e = engine.place(cluster.request(service), cluster.state);
  const n = naiveEcsPlace(cluster.request(service), cluster.state, placement, RandomStream.root(seed).fork('placement'));
  return { engine: outcome(service, e), naive: outcome(service, n) };
}

/** The chosen host, or `X ` and ECS's service event for the failure. */
function outcome(service: string, d: PlacementResult): string {
  return d.ok ? d.host.id : `X ${describePlacementFailure(service, d.failure)}`;
}

const DISTINCT_INSTANCE_UNSATISFIED = 'encountered error "DistinctInstance placement constraint unsatisfied."';
const MEMBER_OF_UNSATISFIED = 'encountered error "MemberOf placement constraint unsatisfied."';

/** Fills a host with a task of another service using `memoryMiB` (and `cpuUnits`). */
function fill(cluster: EcsCluster, host: Host, memoryMiB: number, cpuUnits = 0): void {
  const name = `filler-${host.id}-${memoryMiB}-${cpuUnits}`;
  if (!cluster.state.services.has(name)) cluster.service(name, { memoryMiB, cpuUnits });
  cluster.run(name, host);
}

interface Case {
  readonly name: string;
  readonly placement: EcsPlacementSpec;
  /** Builds the cluster; the service placed is `web` (256 CPU units, 512 MiB unless set up otherwise). */
  readonly setup: (c: EcsCluster) => void;
  readonly expected: string;
}

const STRATEGY_CASES: readonly Case[] = [
  {
    name: 'binpack(memory) takes the host with the least memory left that still fits',
    placement: spec([binpack('memory')]),
    setup: (c) => {
      const [, h2, h3] = c.hosts(3);
      fill(c, h2!, 6000); // 1,985 MiB left
      fill(c, h3!, 7600); // 385 MiB left: too little for 512
    },
    expected: 'i-000002',
  },
  {
    name: 'binpack(cpu) takes the host with the fewest CPU units left that still fit',
    placement: spec([binpack('cpu')]),
    setup: (c) => {
      const [h1, h2, h3] = c.hosts(3);
      fill(c, h1!, 10, 1024);
      fill(c, h2!, 10, 1792); // 256 units left: exactly enough
      fill(c, h3!, 10, 1900); // 148 left
    },
    expected: 'i-000002',
  },
  {
    name: 'binpack ties go to the lowest host index',
    placement: spec([binpack('memory')]),
    setup: (c) => void c.hosts(3),
    expected: 'i-000001',
  },
  {
    name: 'spread(AZ) takes the zone with the fewest tasks of this service, ignoring other services',
    placement: spec([spread(AZ)]),
    setup: (c) => {
      const [h1, h2, h3] = [c.host({ az: A }), c.host({ az: B }), c.host({ az: C })];
      c.run('web', h1!);
      c.run('web', h2!);
      fill(c, h3!, 1000);
      fill(c, h3!, 1000);
    },
    expected: 'i-000003',
  },
  {
    name: 'spread(instanceId) takes the instance with the fewest tasks of this service',
    placement: spec([spread('instanceId')]),
    setup: (c) => {
      const [h1, h2, h3] = c.hosts(3);
      c.run('web', h1!, 2);
      c.run('web', h2!, 1);
      c.run('web', h3!, 1);
      fill(c, h2!, 3000);
    },
    expected: 'i-000002',
  },
  {
    name: 'spread(host) is spread(instanceId)',
    placement: spec([spread('host')]),
    setup: (c) => {
      const [h1] = c.hosts(2);
      c.run('web', h1!);
    },
    expected: 'i-000002',
  },
  {
    name: 'spread on a custom attribute: instances without it share one value',
    placement: spec([spread('attribute:stack')]),
    setup: (c) => {
      const blue = c.host({ attributes: { stack: 'blue' } });
      const green = c.host({ attributes: { stack: 'green' } });
      c.host();
      c.run('web', blue);
      c.run('web', green);
    },
    expected: 'i-000003',
  },
  {
    name: 'spread(AZ) then binpack(memory): the emptiest zone, then the fullest instance in it (ECS docs example)',
    placement: spec([spread(AZ), binpack('memory')]),
    setup: (c) => {
      const [h1, h2] = [c.host({ az: A }), c.host({ az: A })];
      const [h3, h4] = [c.host({ az: B }), c.host({ az: B })];
      c.run('web', h1!);
      fill(c, h2!, 7000);
      fill(c, h3!, 7600); // 385 MiB left: does not fit
      fill(c, h4!, 5000);
    },
    expected: 'i-000004',
  },
  {
    name: 'spread(instanceId) then binpack(memory) (ECS docs example)',
    placement: spec([spread('instanceId'), binpack('memory')]),
    setup: (c) => {
      const [, h2, h3] = c.hosts(3);
      fill(c, h2!, 6000);
      c.run('web', h3!);
      fill(c, h3!, 7000);
    },
    expected: 'i-000002',
  },
  {
    name: 'binpack(memory) then spread(AZ): equal memory left, the emptier zone wins',
    placement: spec([binpack('memory'), spread(AZ)]),
    setup: (c) => {
      const h1 = c.host({ az: A });
      const h2 = c.host({ az: B });
      c.host({ az: A });
      c.run('web', h1);
      fill(c, h2, 512, 256); // as much memory left as h1
    },
    expected: 'i-000002',
  },
  {
    name: 'the default (spread AZ, then instances) fills the emptiest instance of the emptiest zone',
    placement: DEFAULT_SERVICE_PLACEMENT,
    setup: (c) => {
      const [h1, h2, h3, h4] = [c.host({ az: A }), c.host({ az: B }), c.host({ az: B }), c.host({ az: C })];
      c.run('web', h1!);
      c.run('web', h2!);
      c.run('web', h4!);
      c.run('web', h4!);
      void h3;
    },
    expected: 'i-000003',
  },
];

const CONSTRAINT_CASES: readonly Case[] = [
  {
    name: 'memberOf an instance type pattern (ECS docs example, t2.* -> t3.*)',
    placement: spec([], [memberOf('attribute:ecs.instance-type =~ t3.*')]),
    setup: (c) => {
      c.hosts(2);
      c.host({ type: 't3.medium' });
    },
    expected: 'i-000003',
  },
  {
    name: 'memberOf zones with in [...]',
    placement: spec([binpack('memory')], [memberOf(`attribute:ecs.availability-zone in [${B}, ${C}]`)]),
    setup: (c) => {
      const h1 = c.host({ az: A });
      fill(c, h1, 7000);
      c.host({ az: B });
      const h3 = c.host({ az: C });
      fill(c, h3, 2000);
    },
    expected: 'i-000003',
  },
  {
    name: 'memberOf task:group (affinity with a daemon service, ECS docs example)',
    placement: spec([], [memberOf('task:group == service:daemon-service')]),
    setup: (c) => {
      const [, h2] = c.hosts(3);
      c.service('daemon-service');
      c.run('daemon-service', h2!);
    },
    expected: 'i-000002',
  },
  {
    name: 'memberOf not(task:group == ...) (anti-affinity)',
    placement: spec([], [memberOf('not(task:group == service:db)')]),
    setup: (c) => {
      const [h1, h2] = c.hosts(3);
      c.service('db');
      c.run('db', h1!);
      c.run('db', h2!);
    },
    expected: 'i-000003',
  },
  {
    name: 'memberOf ec2InstanceId',
    placement: spec([], [memberOf('ec2InstanceId in [i-000002, i-000003]')]),
    setup: (c) => void c.hosts(3),
    expected: 'i-000002',
  },
  {
    name: 'memberOf on registeredAt and agentVersion (simulated time 0 is 2024-01-01T00:00:00Z)',
    placement: spec([], [memberOf('registeredAt >= 2024-01-01T00:00:05Z and agentVersion >= 1.50.0')]),
    setup: (c) => {
      c.host();
      c.sim.at(10_000, () => c.host());
      c.sim.run();
    },
    expected: 'i-000002',
  },
  {
    name: 'distinctInstance skips instances running a task of the service',
    placement: spec([binpack('memory')], [distinctInstance]),
    setup: (c) => {
      const [h1, h2] = c.hosts(3);
      c.run('web', h1!);
      fill(c, h1!, 5000);
      fill(c, h2!, 3000);
    },
    expected: 'i-000002',
  },
  {
    name: 'distinctInstance ignores tasks whose desired status is STOPPED (STOPPING)',
    placement: spec([], [distinctInstance]),
    setup: (c) => {
      const [h1, h2] = c.hosts(2);
      c.stopping(c.run('web', h1!)[0]!);
      c.run('web', h2!);
    },
    expected: 'i-000001',
  },
  {
    name: 'two memberOf constraints must both hold',
    placement: spec([], [memberOf('attribute:stack == prod'), memberOf(`attribute:ecs.availability-zone == ${B}`)]),
    setup: (c) => {
      c.host({ az: A, attributes: { stack: 'prod' } });
      c.host({ az: B, attributes: { stack: 'dev' } });
      c.host({ az: B, attributes: { stack: 'prod' } });
    },
    expected: 'i-000003',
  },
];

describe('ECS placement: strategies', () => {
  it.each(STRATEGY_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const cluster = new EcsCluster();
    cluster.service('web');
    c.setup(cluster);
    expect(choose(cluster, c.placement, 'web')).toEqual({ engine: c.expected, naive: c.expected });
  });

  it('random picks every candidate about equally often, reproducibly from the seed', () => {
    const cluster = new EcsCluster();
    cluster.service('web');
    const [h1] = cluster.hosts(5);
    fill(cluster, h1!, 7900); // no room: never chosen
    const engine = cluster.engine(spec([random]), 'r');
    const rng = RandomStream.root('r').fork('placement');
    const tally = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const e = engine.place(cluster.request('web'), cluster.state);
      const n = naiveEcsPlace(cluster.request('web'), cluster.state, spec([random]), rng);
      expect(e.ok && n.ok && e.host === n.host).toBe(true);
      if (e.ok) tally.set(e.host.id, (tally.get(e.host.id) ?? 0) + 1);
    }
    expect(tally.has('i-000001')).toBe(false);
    for (const id of ['i-000002', 'i-000003', 'i-000004', 'i-000005']) expect(tally.get(id)).toBeGreaterThan(850);
  });

  it('the default spreads a service evenly over zones and instances', () => {
    const cluster = new EcsCluster();
    cluster.service('web');
    const hosts = cluster.hosts(6, (i) => ({ az: [A, B, C][i % 3] }));
    const engine = cluster.engine(DEFAULT_SERVICE_PLACEMENT);
    const chosen = cluster.placeMany(engine, 'web', 12);
    expect(new Set(chosen.slice(0, 6)).size).toBe(6);
    for (const host of hosts) expect(host.tasks.size).toBe(2);
  });

  it('binpack(memory) packs a host before opening the next', () => {
    const cluster = new EcsCluster();
    cluster.service('web', { cpuUnits: 128, memoryMiB: 1024 });
    cluster.hosts(3);
    const engine = cluster.engine(spec([binpack('memory')]));
    const chosen = cluster.placeMany(engine, 'web', 10);
    // 7,985 MiB take seven 1 GiB tasks.
    expect(chosen).toEqual([...Array(7).fill('i-000001'), ...Array(3).fill('i-000002')]);
  });
});

describe('ECS placement: constraints', () => {
  it.each(CONSTRAINT_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const cluster = new EcsCluster();
    cluster.service('web');
    c.setup(cluster);
    expect(choose(cluster, c.placement, 'web')).toEqual({ engine: c.expected, naive: c.expected });
  });

  it('distinctInstance places each task on a different instance, then reports why it cannot', () => {
    const cluster = new EcsCluster();
    cluster.service('web');
    cluster.hosts(3);
    const engine = cluster.engine(spec([], [distinctInstance]));
    const chosen = cluster.placeMany(engine, 'web', 3);
    expect(new Set(chosen).size).toBe(3);
    const d = engine.place(cluster.request('web'), cluster.state);
    expect(d).toEqual({ ok: false, failure: { code: 'NO_INSTANCE_MET_REQUIREMENTS', closest: 'i-000001', unmet: [{ code: 'DISTINCT_INSTANCE' }] } });
    expect(outcome('web', d)).toBe(
      'X (service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance i-000001) ' +
        `${DISTINCT_INSTANCE_UNSATISFIED}. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
    );
  });
});

describe('ECS placement: failure messages', () => {
  const prefix = '(service web) was unable to place a task because no container instance met all of its requirements.';
  const suffix = 'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.';
  const cases: readonly { name: string; placement: EcsPlacementSpec; setup: (c: EcsCluster) => void; reason: string | 'first-fit' }[] = [
    { name: 'no instance in the cluster', placement: DEFAULT_SERVICE_PLACEMENT, setup: () => {}, reason: `${prefix} Reason: No Container Instances were found in your cluster.` },
    {
      name: 'not enough memory anywhere: the same words as first-fit',
      placement: spec([binpack('memory')]),
      setup: (c) => c.hosts(2).forEach((h, i) => fill(c, h, 7700 - i * 100)),
      reason: 'first-fit',
    },
    {
      name: 'no free task ENI (awsvpc)',
      placement: DEFAULT_SERVICE_PLACEMENT,
      setup: (c) => {
        c.state.services.delete('web');
        c.service('web', { networkMode: 'awsvpc' });
        c.hosts(2, { taskEniLimit: 0 });
      },
      reason: 'first-fit',
    },
    {
      name: 'a host port in use (bridge)',
      placement: spec([random]),
      setup: (c) => {
        c.state.services.delete('web');
        c.service('web', { hostPorts: [8080] });
        const [h1] = c.hosts(1);
        c.run('web', h1!);
      },
      reason: 'first-fit',
    },
    {
      name: 'memberOf matches no instance',
      placement: spec([], [memberOf('attribute:ecs.instance-type == c5.large')]),
      setup: (c) => void c.hosts(2),
      reason: `${prefix} The closest matching (container-instance i-000001) ${MEMBER_OF_UNSATISFIED}. ${suffix}`,
    },
    {
      name: 'the closest match fails fewest requirements',
      placement: spec([], [memberOf('attribute:stack == prod')]),
      setup: (c) => {
        const dev = c.host({ attributes: { stack: 'dev' } });
        const prod = c.host({ attributes: { stack: 'prod' } });
        fill(c, dev, 7800);
        fill(c, prod, 7800);
      },
      reason: `${prefix} The closest matching (container-instance i-000002) has insufficient memory available. ${suffix}`,
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const cluster = new EcsCluster();
    cluster.service('web');
    c.setup(cluster);
    let text = `X ${c.reason}`;
    if (c.reason === 'first-fit') {
      const ff = firstFit.place(cluster.request('web'), cluster.state);
      expect(ff.ok).toBe(false);
      text = outcome('web', ff);
    }
    const got = choose(cluster, c.placement, 'web');
    expect(got).toEqual({ engine: text, naive: text });
  });
});

describe('ECS placement: specs', () => {
  it('has a factory per documented strategy type', () => {
    expect([...STRATEGY_FACTORIES.keys()]).toEqual(['binpack', 'spread', 'random']);
  });

  const invalid: readonly { name: string; placement: EcsPlacementSpec; error: string }[] = [
    { name: 'binpack on a bad field', placement: spec([{ type: 'binpack', field: 'disk' as 'cpu' }]), error: 'placementStrategy[0]: binpack field "disk" is not valid: use cpu or memory' },
    {
      name: 'spread on an attribute without its prefix',
      placement: spec([spread('ecs.availability-zone')]),
      error: "placementStrategy[0]: spread field \"ecs.availability-zone\" is not valid: use instanceId (or host) or attribute:<name>, e.g. attribute:ecs.availability-zone (did you mean 'attribute:ecs.availability-zone'?)",
    },
    { name: 'spread on a misspelt field', placement: spec([spread('instanceid')]), error: "did you mean 'instanceId'" },
    { name: 'an unknown strategy type', placement: spec([{ type: 'binpak' } as unknown as EcsPlacementStrategy]), error: "placement strategy type 'binpak' is not valid: use one of binpack, spread, random (did you mean 'binpack'?)" },
    { name: 'more than 5 strategies', placement: spec(Array(6).fill(random)), error: 'placementStrategy: 6 strategies given; ECS allows at most 5' },
    { name: 'more than 10 constraints', placement: spec([], Array(11).fill(distinctInstance)), error: 'ECS allows at most 10' },
    { name: 'a memberOf that does not parse', placement: spec([], [memberOf('attribute:ecs.instance-type =~')]), error: 'placementConstraints[0].expression: ' },
    { name: 'a memberOf without expression', placement: spec([], [{ type: 'memberOf' } as unknown as EcsPlacementConstraint]), error: 'memberOf needs a cluster query language expression' },
    {
      name: 'distinctInstance with an expression',
      placement: spec([], [{ type: 'distinctInstance', expression: 'x' } as unknown as EcsPlacementConstraint]),
      error: "you can't specify an expression if the constraint type is distinctInstance",
    },
    { name: 'an unknown constraint type', placement: spec([], [{ type: 'memberof' } as unknown as EcsPlacementConstraint]), error: "(did you mean 'memberOf'?)" },
  ];
  it.each(invalid.map((c) => [c.name, c] as const))('rejects %s', (_name, c) => {
    const result = compileEcsPlacement(c.placement);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain(c.error);
    const cluster = new EcsCluster();
    cluster.service('web');
    cluster.hosts(1);
    expect(() => cluster.engine(c.placement).place(cluster.request('web'), cluster.state)).toThrow(RangeError);
  });

  it('drops repeated strategies and everything after random', () => {
    const result = compileEcsPlacement(spec([spread(AZ), spread('host'), spread('instanceId'), random, binpack('cpu')]));
    expect(result.ok && result.placement.chain.map((r) => r.label)).toEqual(['spread(attribute:ecs.availability-zone)', 'spread(instanceId)', 'random']);
  });

  it('validates each strategy through the registry', () => {
    expect(compileStrategy({ type: 'random' })).toMatchObject({ ok: true, rule: { kind: 'random' } });
    expect(compileStrategy(spread('attribute:ecs.instance-type'))).toMatchObject({ ok: true, rule: { kind: 'partition', attribute: 'ecs.instance-type' } });
    expect(compileStrategy(binpack('cpu'))).toMatchObject({ ok: true, rule: { kind: 'host-key', keyName: 'cpu' } });
  });
});

describe('ECS placement engine: keeping up with the cluster', () => {
  it('reads the state that exists when it is constructed', () => {
    const cluster = new EcsCluster();
    cluster.service('web');
    const [h1, h2] = cluster.hosts(3, (i) => ({ az: [A, B, C][i] }));
    cluster.run('web', h1!, 2);
    cluster.run('web', h2!, 1);
    expect(choose(cluster, DEFAULT_SERVICE_PLACEMENT, 'web')).toEqual({ engine: 'i-000003', naive: 'i-000003' });
  });

  it('takes hosts that register after it starts and drops hosts that leave ACTIVE', () => {
    const cluster = new EcsCluster();
    cluster.service('web');
    const h1 = cluster.host();
    const engine = cluster.engine(spec([spread('instanceId')]));
    cluster.run('web', h1);
    const h2 = cluster.host({ registering: true });
    expect(cluster.placeWith(engine, 'web')).toMatchObject({ ok: true, host: h1 });
    cluster.register(h2);
    expect(cluster.placeWith(engine, 'web')).toMatchObject({ ok: true, host: h2 });
    // A drain: the status changes and a host event says so.
    cluster.actions.hosts.drain(h1, { code: 'ASG_SCALE_IN', group: h1.group });
    expect(cluster.placeWith(engine, 'web')).toMatchObject({ ok: true, host: h2 });
    expect(engine.verifyIndexes()).toEqual([]);
  });

  it('frees capacity when tasks stop', () => {
    const cluster = new EcsCluster();
    cluster.service('web', { memoryMiB: 4000 });
    cluster.hosts(1);
    const engine = cluster.engine(spec([binpack('memory')]));
    expect(cluster.placeWith(engine, 'web').ok).toBe(true);
    expect(cluster.placeWith(engine, 'web').ok).toBe(false);
    cluster.stop([...cluster.state.hosts[0]!.tasks][0]!);
    expect(cluster.placeWith(engine, 'web').ok).toBe(true);
    expect(engine.verifyIndexes()).toEqual([]);
  });

  it('answers for another view (a what-if clone) with the reference, leaving its indexes alone', () => {
    const cluster = new EcsCluster();
    cluster.service('web');
    cluster.hosts(3, (i) => ({ az: [A, B, C][i] }));
    const engine = cluster.engine(spec([spread(AZ), random]), 'w');
    const { hosts, hostsById, services, totals, vpc } = cluster.state;
    const other = { hosts, hostsById, services, totals, vpc, tasksCreated: 0 };
    const got = engine.place(cluster.request('web'), other);
    const want = naiveEcsPlace(cluster.request('web'), other, spec([spread(AZ), random]), RandomStream.root('w').fork('placement'));
    expect(got).toEqual(want);
    expect(engine.verifyIndexes()).toEqual([]);
  });

  it('rebuilds a service plan when the lookup returns a new spec', () => {
    const cluster = new EcsCluster();
    cluster.service('web');
    const [h1] = cluster.hosts(2);
    fill(cluster, h1!, 4000);
    let current = spec([binpack('memory')]);
    const engine = new EcsPlacementEngine(cluster.state, () => current, RandomStream.root('x'));
    cluster.trace.subscribe(engine.onRecord);
    expect(engine.place(cluster.request('web'), cluster.state)).toMatchObject({ ok: true, host: h1 });
    current = spec([], [memberOf('ec2InstanceId == i-000002')]);
    expect(engine.place(cluster.request('web'), cluster.state)).toMatchObject({ ok: true, host: cluster.state.hosts[1] });
  });
});

describe('SortedKeyList', () => {
  it('keeps keys sorted through inserts and deletes and scans from a lower bound, skipping small companions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 9 })), { maxLength: 3000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 9 }),
        (ops, from, minAux) => {
          const list = new SortedKeyList();
          const model = new Map<number, number>();
          for (const [add, key, aux] of ops) {
            if (add && !model.has(key)) {
              list.insert(key, aux);
              model.set(key, aux);
            } else if (!add && model.has(key)) {
              expect(list.delete(key)).toBe(true);
              model.delete(key);
            } else if (!add) {
              expect(list.delete(key)).toBe(false);
            }
          }
          const keys = [...model.keys()].sort((a, b) => a - b);
          expect(list.toArray()).toEqual(keys);
          expect(list.auxArray()).toEqual(keys.map((k) => model.get(k)));
          expect(list.size).toBe(keys.length);
          list.seek(from);
          const seen: number[] = [];
          for (let k = list.next(minAux); k >= 0; k = list.next(minAux)) seen.push(k);
          expect(seen).toEqual(keys.filter((k) => k >= from && model.get(k)! >= minAux));
        },
      ),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the indexed engine and the naive reference agree on every decision

const STRATEGY_POOL: readonly EcsPlacementStrategy[] = [
  binpack('cpu'),
  binpack('memory'),
  spread(AZ),
  spread('instanceId'),
  spread('attribute:stack'),
  spread('attribute:ecs.instance-type'),
  random,
];

const CONSTRAINT_POOL: readonly EcsPlacementConstraint[] = [
  distinctInstance,
  memberOf('attribute:stack != dev'),
  memberOf(`attribute:ecs.availability-zone in [${A}, ${B}]`),
  memberOf("attribute:ecs.instance-type =~ '(m5|c5).*'"),
  memberOf('not(task:group == service:s1)'),
  memberOf('task:group == service:s0 or runningTasksCount == 0'),
];

const TYPES = ['m5.large', 'c5.large', 'r5.large', 't3.medium'];

type Op =
  | { kind: 'place'; service: number }
  | { kind: 'stop'; pick: number }
  | { kind: 'stopping'; pick: number }
  | { kind: 'launch'; type: number; az: number; stack: number; register: boolean }
  | { kind: 'register'; pick: number }
  | { kind: 'drain'; pick: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('place' as const), service: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('stop' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stopping' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('launch' as const), type: fc.nat(3), az: fc.nat(2), stack: fc.nat(2), register: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('register' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drain' as const), pick: fc.nat() }) },
);

const serviceArbitrary = fc.record({
  strategies: fc.array(fc.constantFrom(...STRATEGY_POOL), { maxLength: 4 }),
  constraints: fc.array(fc.constantFrom(...CONSTRAINT_POOL), { maxLength: 2 }),
  cpuUnits: fc.constantFrom(128, 256, 512, 1024),
  memoryMiB: fc.constantFrom(256, 512, 1024, 2048, 3072),
  mode: fc.constantFrom('bridge', 'awsvpc', 'bridge-port'),
});

describe('ECS placement engine vs the naive reference (property)', () => {
  it('chooses the same host every time and never over-commits a host', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.record({ type: fc.nat(3), az: fc.nat(2), stack: fc.nat(2), registering: fc.boolean() }), { minLength: 2, maxLength: 40, size: 'max' }),
        fc.array(serviceArbitrary, { minLength: 3, maxLength: 3 }),
        fc.array(opArbitrary, { minLength: 1, maxLength: 250, size: 'max' }),
        fc.boolean(),
        (seed, hosts, services, ops, lateEngine) => {
          const cluster = new EcsCluster();
          const launch = (h: { type: number; az: number; stack: number; registering: boolean }): Host =>
            cluster.host({
              type: TYPES[h.type]!,
              az: [A, B, C][h.az]!,
              attributes: h.stack === 2 ? {} : { stack: ['prod', 'dev'][h.stack]! },
              taskEniLimit: 3,
              registering: h.registering,
            });
          const specs: Record<string, EcsPlacementSpec> = {};
          services.forEach((s, i) => {
            const name = `s${i}`;
            cluster.service(name, {
              cpuUnits: s.cpuUnits,
              memoryMiB: s.memoryMiB,
              networkMode: s.mode === 'awsvpc' ? 'awsvpc' : 'bridge',
              hostPorts: s.mode === 'bridge-port' ? [8080 + i] : [],
            });
            specs[name] = spec(s.strategies, s.constraints);
          });
          const half = Math.floor(hosts.length / 2);
          // Sometimes the engine starts on a cluster that already has hosts and tasks.
          hosts.slice(0, half).forEach(launch);
          const early: Task[] = [];
          if (lateEngine && cluster.state.hosts.some((h) => h.status === 'ACTIVE')) {
            const host = cluster.state.hosts.find((h) => h.status === 'ACTIVE')!;
            early.push(...cluster.run('s0', host, 1));
          }
          const engine = cluster.engine(specs, String(seed));
          const naiveRng = RandomStream.root(String(seed)).fork('placement');
          hosts.slice(half).forEach(launch);
          const live = (): Task[] => cluster.state.hosts.flatMap((h) => [...h.tasks]);
          for (const op of ops) {
            switch (op.kind) {
              case 'place': {
                const name = `s${op.service}`;
                const request = cluster.request(name);
                const n = naiveEcsPlace(request, cluster.state, specs[name]!, naiveRng);
                const e = engine.place(request, cluster.state);
                expect(outcome(name, e), `seed ${seed}`).toBe(outcome(name, n));
                if (e.ok) cluster.run(name, e.host);
                break;
              }
              case 'stop':
              case 'stopping': {
                const tasks = live().filter((t) => op.kind === 'stop' || t.status !== 'STOPPING');
                if (tasks.length === 0) break;
                const task = tasks[op.pick % tasks.length]!;
                if (op.kind === 'stop') cluster.stop(task);
                else cluster.stopping(task);
                break;
              }
              case 'launch':
                launch({ ...op, registering: !op.register });
                break;
              case 'register': {
                const waiting = cluster.state.hosts.filter((h) => h.status === 'REGISTERING');
                if (waiting.length > 0) cluster.register(waiting[op.pick % waiting.length]!);
                break;
              }
              case 'drain': {
                const active = cluster.state.hosts.filter((h) => h.status === 'ACTIVE');
                if (active.length === 0) break;
                const host = active[op.pick % active.length]!;
                cluster.actions.hosts.drain(host, { code: 'ASG_SCALE_IN', group: host.group });
                break;
              }
            }
            for (const host of cluster.state.hosts) {
              expect(freeCpu(host)).toBeGreaterThanOrEqual(0);
              expect(freeMemoryMiB(host)).toBeGreaterThanOrEqual(0);
            }
          }
          expect(engine.verifyIndexes()).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ['random', spec([random])],
    ['spread(AZ) then random', spec([spread(AZ), random])],
    ['random with distinctInstance', spec([random], [distinctInstance])],
    ['binpack(cpu) then random', spec([binpack('cpu'), random])],
    ['spread(instanceId) then random', spec([spread('instanceId'), random])],
  ])('agrees on %s in a nearly full cluster (the draws fall back to counting candidates)', (_name, placement) => {
    const cluster = new EcsCluster();
    cluster.service('web', { cpuUnits: 64, memoryMiB: 128 });
    const hosts = cluster.hosts(150, (i) => ({ az: [A, B, C][i % 3] }));
    hosts.forEach((h, i) => {
      if (i % 29 !== 0) fill(cluster, h, 7985);
    });
    const engine = cluster.engine(placement, 'full');
    const rng = RandomStream.root('full').fork('placement');
    for (let i = 0; i < 300; i++) {
      const n = naiveEcsPlace(cluster.request('web'), cluster.state, placement, rng);
      const e = cluster.placeWith(engine, 'web');
      expect(outcome('web', e)).toBe(outcome('web', n));
      // Free a random filler now and then so the candidates change.
      if (i % 10 === 0) {
        const busy = hosts.filter((h) => [...h.tasks].some((t) => t.service.name !== 'web'));
        const host = busy[(i * 7) % busy.length]!;
        cluster.stop([...host.tasks].find((t) => t.service.name !== 'web')!);
      }
    }
    expect(engine.verifyIndexes()).toEqual([]);
  });
});
