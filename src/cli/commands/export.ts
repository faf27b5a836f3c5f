import type { Argv } from 'yargs';
import { exportToEcs } from '../../scenario/export/to-ecs.js';
import { exportToKubernetes } from '../../scenario/export/to-kubernetes.js';
import { renderExport } from '../../scenario/export/exported.js';
import { ExitCode, type CliIo } from '../io.js';
import { formatDiagnostics, readScenario } from '../read-scenario.js';
import { SCENARIO_POSITIONAL } from '../shared-options.js';

export const command = 'export <scenario>';
export const describe = "Write a scenario's ECS services as Kubernetes manifests, or its workloads as ECS inputs, listing what does not translate";

export function builder(y: Argv) {
  return y
    .positional('scenario', SCENARIO_POSITIONAL)
    .option('to', { choices: ['k8s', 'ecs'] as const, demandOption: true, describe: 'k8s: Deployment, HPA, PDB, Service, Ingress, NodePool; ecs: register-task-definition, create-service and Application Auto Scaling inputs' })
    .example('$0 export scenarios/seed/ecs-fargate-api.yaml --to k8s > api.k8s.yaml', 'The seed API service as Kubernetes manifests (seed §13)')
    .example('$0 export examples/kubernetes/storefront.yaml --to ecs', 'A Deployment as the AWS CLI inputs of an ECS service');
}

export interface ExportArgs {
  readonly scenario: string;
  readonly to: 'k8s' | 'ecs';
}

/**
 * `fleetsim export --to k8s|ecs`: the seed's migration paths (§13). Writes the other
 * orchestrator's documents as one YAML stream on stdout, what does not translate at its top and
 * on stderr. Exit 2 for a scenario that does not load.
 */
export function handler(args: ExportArgs, io: CliIo): number {
  const loaded = readScenario(io.cwd, args.scenario);
  if (!loaded.ok) {
    io.stderr(formatDiagnostics(loaded.diagnostics));
    return ExitCode.BadInput;
  }
  const exported = args.to === 'k8s' ? exportToKubernetes(loaded.scenario, loaded.spec) : exportToEcs(loaded.scenario, loaded.spec);
  for (const u of exported.untranslated) io.stderr(`${args.scenario}: does not translate: ${u.path}: ${u.why}\n`);
  if (exported.documents.length === 0) return ExitCode.BadInput;
  io.stdout(renderExport(exported, [`fleetsim export ${args.scenario} --to ${args.to}`]));
  return ExitCode.Ok;
}
