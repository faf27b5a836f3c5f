// An ECS placement strategy of your own, loaded from outside fleetsim:
//
//   fleetsim run examples/ecs-spread-by-free-memory.yaml --plugin examples/spread-by-free-memory.js
//   fleetsim placement-bench --plugin examples/spread-by-free-memory.js --policy ecs:spread-by-free-memory ...
//
// "Spread by free memory": each task goes to the container instance with the most free memory
// (ties to the lowest index, or on to the next strategy of the service). It is the opposite of
// binpack(memory), and evens memory out across instances instead of counting tasks.
//
// A strategy is a factory that checks its strategy entry and returns a rule of one of the shapes
// the ECS placement engine indexes (src/policy/ecs/strategy-rule.ts, docs/placement.md). This one
// is a `host-key` rule: a number per instance, lower wins, that changes only when tasks are
// placed on or leave the instance, so the engine keeps instances sorted by it and a placement
// costs O(log instances). No import is needed: a strategy is plain data and functions.

/** Keys must be integers in [0, 2^31): the most free memory gets the smallest key. */
const TOP = 2 ** 31 - 1;

const RULE = Object.freeze({
  kind: 'host-key',
  label: 'spread-by-free-memory',
  keyName: 'free-memory-desc',
  keyOf: (host) => TOP - Math.max(0, Math.min(TOP, host.memoryMiB - host.allocatedMemoryMiB)),
  // Every key may hold a fitting instance (a small key is a lot of free memory): scan from 0.
  minUsefulKey: () => 0,
  // Instances without the CPU the task asks for are skipped without a full test.
  auxOf: (host) => host.cpu - host.allocatedCpu,
  minUsefulAux: (request) => request.cpu,
});

/** The strategy factory: `{ type: spread-by-free-memory }` takes no field. */
function spreadByFreeMemory(strategy) {
  if (strategy.field !== undefined) return { ok: false, message: `spread-by-free-memory takes no field, got ${JSON.stringify(strategy.field)}` };
  return { ok: true, rule: RULE };
}

export default {
  name: 'spread-by-free-memory',
  ecsStrategies: { 'spread-by-free-memory': spreadByFreeMemory },
};
