import { registered, type RegisteredCommand } from './cli-command.js';
import * as catalog from './commands/catalog.js';
import * as compare from './commands/compare.js';
import * as costTables from './commands/cost-tables.js';
import * as exportDefinitions from './commands/export.js';
import * as importDefinitions from './commands/import.js';
import * as maxPods from './commands/max-pods.js';
import * as merge from './commands/merge.js';
import * as placementBench from './commands/placement-bench.js';
import * as run from './commands/run.js';
import * as scalingTable from './commands/scaling-table.js';
import * as schema from './commands/schema.js';
import * as startupTable from './commands/startup-table.js';
import * as summaryTable from './commands/summary-table.js';
import * as sweep from './commands/sweep.js';
import * as validate from './commands/validate.js';

/**
 * Every fleetsim command, in the order `fleetsim --help` lists them. A new command is a module
 * under commands/ (command, describe, builder, handler; see cli-command.ts) and a line here.
 */
export const COMMANDS: readonly RegisteredCommand[] = [
  registered(run),
  registered(validate),
  registered(schema),
  registered(importDefinitions),
  registered(exportDefinitions),
  registered(maxPods),
  registered(catalog),
  registered(startupTable),
  registered(scalingTable),
  registered(sweep),
  registered(merge),
  registered(compare),
  registered(costTables),
  registered(summaryTable),
  registered(placementBench),
];
