import { cpus } from 'node:os';
import { engineBench } from './engine.bench.js';

/** `npm run bench`: runs every benchmark and prints its figures as ratios to its baseline. */
const engine = await engineBench();
process.stdout.write(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}\n\n`);
process.stdout.write('engine (M/M/c, 200k customers)\n');
for (const r of engine.rows) process.stdout.write(`  ${r.name.padEnd(34)} ${r.eventsPerSecond.toLocaleString('en-US').padStart(12)} events/s\n`);
process.stdout.write(`  ratio engine / hand-written: ${engine.ratio.toFixed(2)}x\n`);
