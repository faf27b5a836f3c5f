import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { SCENARIO_SCHEMA } from '../scenario/schema.js';
import { catalogCommand, maxPodsCommand } from './commands/instance-types.js';
import { runCommand } from './commands/run.js';
import { startupTableCommand } from './commands/startup-table.js';
import { scalingTableCommand } from './commands/scaling-table.js';
import { mergeCommand } from './commands/merge.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';
import { compareCommand } from './commands/compare.js';
import { costTablesCommand, summaryTableCommand } from './commands/cost-tables.js';
import { ExitCode, UsageError, type CliIo } from './io.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output-format.js';

/**
 * The fleetsim command line: a plain function of (argv, io) returning the exit code, so tests
 * call it directly. `bin/fleetsim.js` is the only caller that passes the real process.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.Ok;
  const setCode = (c: number): void => {
    code = c;
  };
  const outputOption = {
    alias: 'o',
    choices: OUTPUT_FORMATS as OutputFormat[],
    default: 'table' as OutputFormat,
    describe: 'Output format (kubectl convention)',
  } as const;

  const parser = yargs()
    .scriptName('fleetsim')
    .usage('fleetsim — a discrete-event simulator of ECS and EKS on AWS\n\nUsage: $0 <command> [options]')
    .command(
      'run <scenario>',
      'Run a scenario and write summary.json, events.csv, tasks.csv, timeline.csv, metrics.csv, scaling.csv and cost.csv',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (YAML or JSON)' })
          .option('seed', { type: 'string', describe: "Override the scenario's seed" })
          .option('out', { type: 'string', describe: 'Output directory (default results/<scenario name>)' })
          .option('until', { type: 'string', describe: "Override the scenario's duration (e.g. 2h)" })
          .option('max-events', { type: 'number', describe: 'Hard limit on simulated events' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
          .option('events', { type: 'boolean', default: true, describe: 'Write events.csv, the largest output (--no-events skips it)' })
          .option('output', { ...outputOption, choices: ['table', 'json'] as const, describe: 'Summary on stdout: table (readable) or json' })
          .example('$0 run scenarios/quickstart.yaml', 'Run the quick-start scenario')
          .example('$0 run scenarios/quickstart.yaml --seed 7 --out /tmp/qs', 'Another seed, another folder'),
      (a) =>
        setCode(
          runCommand(
            { scenario: a.scenario, seed: a.seed, out: a.out, until: a.until, quiet: a.quiet, maxEvents: a.maxEvents, events: a.events, output: a.output as 'table' | 'json' },
            io,
          ),
        ),
    )
    .command(
      'validate <files..>',
      'Check scenario files; print file:line:col errors',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Scenario files' })
          .option('output', outputOption)
          .example('$0 validate scenarios/*.yaml', 'Validate every scenario'),
      (a) => setCode(validateCommand(a.files, a.output, io)),
    )
    .command(
      'schema',
      'Print the JSON Schema of scenario files (for editor autocompletion)',
      (y) => y.example('$0 schema > scenario.schema.json', 'Save it for your editor'),
      () => {
        io.stdout(`${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`);
      },
    )
    .command(
      'max-pods <instanceTypes..>',
      "Max pods per EKS node under the VPC CNI (AWS's published figures)",
      (y) =>
        y
          .positional('instanceTypes', { type: 'string', array: true, demandOption: true, describe: 'EC2 instance types' })
          .option('prefix-delegation', { type: 'boolean', default: false, describe: 'ENABLE_PREFIX_DELEGATION=true (/28 prefixes; 110/250 cap)' })
          .option('cni-custom-networking', { type: 'boolean', default: false, describe: 'Custom networking (the primary ENI carries no pods)' })
          .option('output', outputOption)
          .example('$0 max-pods c5.large m5.xlarge', 'Secondary-IP mode')
          .example('$0 max-pods c5.large --prefix-delegation -o json', 'With prefix delegation, as JSON'),
      (a) =>
        setCode(maxPodsCommand(a.instanceTypes, { prefixDelegation: a.prefixDelegation, customNetworking: a.cniCustomNetworking, format: a.output }, io)),
    )
    .command(
      'catalog',
      'List the EC2 instance types fleetsim models',
      (y) =>
        y
          .option('family', { type: 'string', describe: 'Only this family, e.g. c6g' })
          .option('output', outputOption)
          .example('$0 catalog --family c6g', 'The Graviton2 compute family'),
      (a) => setCode(catalogCommand({ family: a.family, format: a.output }, io)),
    )
    .command(
      'startup-table',
      "Reproduce the seed's container start-up table (results/startup-table.md)",
      (y) =>
        y
          .option('samples', { type: 'number', default: 200, describe: 'Tasks per cell' })
          .option('seed', { type: 'string', default: '1' })
          .option('out', { type: 'string', default: 'results/startup-table.md' })
          .example('$0 startup-table', 'Regenerate results/startup-table.md'),
      (a) => setCode(startupTableCommand({ samples: a.samples, seed: a.seed, out: a.out }, io)),
    )
    .command(
      'scaling-table',
      "Reproduce the seed's scaling speed table (results/scaling-table.md)",
      (y) =>
        y
          .option('seed', { type: 'string', default: '1' })
          .option('out', { type: 'string', default: 'results/scaling-table.md' })
          .example('$0 scaling-table', 'Regenerate results/scaling-table.md'),
      (a) => setCode(scalingTableCommand({ seed: a.seed, out: a.out }, io)),
    )
    .command(
      'sweep <scenario>',
      'Run a scenario over parameter values x seeds on worker threads; write sweep.csv and sweep.md',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (YAML or JSON)' })
          .option('set', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'path=v1,v2,... overrides a field by its YAML path (repeatable)' })
          .option('seeds', { type: 'string', describe: "Seeds: 1..100, 1,2,7 or both (default: the scenario's seed)" })
          .option('workers', { type: 'number', describe: 'Worker threads (default: the number of CPUs)' })
          .option('out', { type: 'string', describe: 'Output directory (default results/sweep-<scenario name>; {shard} = the shard index)' })
          .option('shard', { type: 'string', describe: 'Run one slice: INDEX/COUNT (INDEX from 0; auto = $JOB_COMPLETION_INDEX or $AWS_BATCH_JOB_ARRAY_INDEX)' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
          .example('$0 sweep scenarios/quickstart.yaml --set services[0].desiredCount=6,12 --seeds 1..20', '2 values x 20 seeds = 40 runs')
          .example('$0 sweep scenarios/quickstart.yaml --seeds 1..100 --shard 0/4 --out /results/shard-0', 'One shard of four (then fleetsim merge)'),
      async (a) =>
        setCode(await sweepCommand({ scenario: a.scenario, set: a.set, seeds: a.seeds, workers: a.workers, out: a.out, shard: a.shard, quiet: a.quiet }, io)),
    )
    .command(
      'merge <dirs..>',
      'Combine the shard outputs of one sweep into sweep.csv and sweep.md',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Shard output directories, or a directory holding shard-<n>/ folders' })
          .option('out', { type: 'string', demandOption: true, describe: 'Output directory' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' })
          .example('$0 merge results/shard-* --out results/sweep', 'Merge every shard')
          .example('$0 merge /results --out /results/merged', 'The same, for /results/shard-0, /results/shard-1, ...'),
      (a) => setCode(mergeCommand({ dirs: a.dirs, out: a.out, quiet: a.quiet }, io)),
    )
    .command(
      'compare <workload>',
      'Run one workload on ECS Fargate, ECS EC2 (on-demand, RI), EKS managed nodes, EKS + Karpenter (spot, on-demand) and EKS Fargate; write compare.md and compare.csv',
      (y) =>
        y
          .positional('workload', { type: 'string', demandOption: true, describe: 'An ECS scenario file describing the services, load and autoscaling' })
          .option('seed', { type: 'string', describe: "Override the workload's seed" })
          .option('out', { type: 'string', describe: 'Output directory (default results/compare-<name>)' })
          .option('instance-type', { type: 'string', describe: "EC2 type of the ECS EC2 and EKS managed node variants (default: the workload's Auto Scaling group's, else m5.xlarge)" })
          .option('variants', { type: 'string', array: true, describe: 'Only these: ecs-fargate ecs-ec2 ecs-ec2-ri eks-managed eks-karpenter-spot eks-karpenter-on-demand eks-fargate' })
          .option('output', outputOption)
          .example('$0 compare scenarios/seed/web-api.yaml', "The seed's Web API on every platform"),
      (a) => setCode(compareCommand({ workload: a.workload, seed: a.seed, out: a.out, instanceType: a.instanceType, variants: a.variants, output: a.output }, io)),
    )
    .command(
      'cost-tables',
      "Reproduce the seed's cost tables (results/cost-tables.md)",
      (y) =>
        y
          .option('seed', { type: 'string', default: '1' })
          .option('out', { type: 'string', default: 'results/cost-tables.md' })
          .example('$0 cost-tables', 'Regenerate results/cost-tables.md'),
      (a) => setCode(costTablesCommand({ seed: a.seed, out: a.out }, io)),
    )
    .command(
      'summary-table',
      "The seed's summary table's quantitative rows from simulation (results/summary-table.md)",
      (y) =>
        y
          .option('workload', { type: 'string', default: 'scenarios/seed/web-api.yaml', describe: 'The workload the cost rows run' })
          .option('samples', { type: 'number', default: 100, describe: 'Tasks per start-up cell' })
          .option('seed', { type: 'string', default: '1' })
          .option('out', { type: 'string', default: 'results/summary-table.md' })
          .example('$0 summary-table', 'Regenerate results/summary-table.md'),
      (a) => setCode(summaryTableCommand({ workload: a.workload, samples: a.samples, seed: a.seed, out: a.out }, io)),
    )
    .demandCommand(1, 'Name a command: run, validate, schema, max-pods, catalog, startup-table, scaling-table, sweep, merge, compare, cost-tables or summary-table.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(readVersion())
    .alias('v', 'version')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .epilogue('Exit codes: 0 ok, 1 an expectation failed, 2 bad input or usage. Docs: README.md')
    .exitProcess(false)
    .fail((message, error) => {
      // Usage problems (unknown flag, missing argument): one line, no stack. Handler errors
      // that are not ours are bugs and keep their stack.
      if (error !== undefined && error !== null && !(error instanceof UsageError)) throw error;
      throw new UsageError(message ?? error?.message ?? 'invalid usage');
    });

  try {
    let printed = '';
    await parser.parse([...argv], {}, (_err, _argv, output) => {
      printed = output;
    });
    if (printed !== '') io.stdout(printed.endsWith('\n') ? printed : `${printed}\n`);
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\nRun 'fleetsim --help' for usage.\n`);
      return ExitCode.BadInput;
    }
    const e = error as Error;
    io.stderr(`internal error (a fleetsim bug; please report it with the command line): ${e.stack ?? String(e)}\n`);
    return ExitCode.Internal;
  }
}

function readVersion(): string {
  // Walk up from this file to the package root; works from src/ (tests) and dist/src/ (bin).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'fleetsim' && pkg.version !== undefined) return pkg.version;
    } catch {
      // not here; keep walking
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
