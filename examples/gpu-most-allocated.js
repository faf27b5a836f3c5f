// A kube-scheduler plugin of your own, loaded from outside fleetsim:
//
//   fleetsim run examples/gpu-cluster.yaml --plugin examples/gpu-most-allocated.js
//   fleetsim placement-bench --plugin examples/gpu-most-allocated.js --policy kube-default+GpuMostAllocated=5 ...
//
// "Most-allocated, GPU-aware": pack pods tightly (the MostAllocated score over cpu and memory),
// but keep GPU nodes for the pods that need a GPU. A pod needs one when its labels carry
// `fleetsim.dev/gpu: "true"` (args.podLabel to change it); a node has one when its instance type
// has GPUs. Filter: a GPU pod only fits GPU nodes. Score: a GPU pod prefers the fullest GPU
// node; any other pod scores 0 on GPU nodes and prefers the fullest of the rest.
//
// It uses only the plugin interfaces the built-in plugins implement (src/policy/kube/framework.ts,
// documented in docs/placement.md), so it needs no import: a plugin is plain data and functions.
// Enable it in a profile like any in-tree plugin:
//
//   cluster:
//     scheduler:
//       plugins: [..., { name: GpuMostAllocated, weight: 5 }]
//       pluginConfig: [{ name: GpuMostAllocated, args: { podLabel: fleetsim.dev/gpu } }]

const NAME = 'GpuMostAllocated';
const MAX_NODE_SCORE = 100;

/** The one reason this filter gives, made once (a filter allocates nothing per node). */
const NO_GPU = Object.freeze({ code: 'PLUGIN_REJECTED', plugin: NAME, reason: 'node(s) had no GPU', unresolvable: true });

function hasGpu(node) {
  return node.instanceType.gpus > 0;
}

/** MostAllocated over cpu and memory with the pod added, as kube-scheduler computes it (0..100). */
function mostAllocated(pod, node) {
  const cpu = node.cpu === 0 ? 0 : Math.min(node.allocatedCpu + pod.cpu, node.cpu) / node.cpu;
  const memory = node.memoryMiB === 0 ? 0 : Math.min(node.allocatedMemoryMiB + pod.memoryMiB, node.memoryMiB) / node.memoryMiB;
  return Math.floor(((cpu + memory) / 2) * MAX_NODE_SCORE);
}

/** A plugin factory: validates its args (from pluginConfig) and builds the plugin. */
function gpuMostAllocated(args, path) {
  const podLabel = args?.podLabel ?? 'fleetsim.dev/gpu';
  if (typeof podLabel !== 'string' || podLabel === '') throw new Error(`${path}.podLabel: must be a label key`);
  const wantsGpu = (pod) => pod.spec.labels[podLabel] === 'true';
  return {
    name: NAME,
    // PreFilter: only GPU pods are filtered; returning false skips Filter for the others.
    preFilter: (pod) => wantsGpu(pod),
    filter: (_pod, node) => (hasGpu(node) ? null : NO_GPU),
    score: (pod, node) => (wantsGpu(pod) === hasGpu(node) ? mostAllocated(pod, node) : 0),
  };
}

export default {
  name: 'gpu-most-allocated',
  kubePlugins: { [NAME]: gpuMostAllocated },
};
