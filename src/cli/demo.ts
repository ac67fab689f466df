/**
 * `tnpbo demo` (`npm start`): minimise Branin with TNP-KR from the shipped weights and print a summary, the
 * product's headline job on a fresh install with nothing downloaded.
 */

import { DEFAULT_INCUMBENT } from '../core/types.js';
import { getProblem } from '../problems/index.js';
import { DEFAULT_ACQUISITION, type SurrogateName } from '../registry.js';
import { runOptimize } from './optimize.js';
import { formatValue } from './progress.js';

/**
 * The demo's surrogate. It is TNP-KR and not the registry's `DEFAULT_SURROGATE`: the demo shows the neural-process
 * surrogate the package ships, while the library default stays the GP until TNP-KR matches it on
 * docs/benchmarks/bo.md.
 */
export const DEMO_SURROGATE: SurrogateName = 'tnp-kr';

/** Runs the demo and writes its summary to stdout. */
export async function runDemo(): Promise<void> {
  const problem = getProblem('branin');
  const budget = 50; // the budget of the BO benchmark's table (docs/benchmarks/bo.md)
  process.stderr.write(`tnpbo demo: minimising ${problem.name} (2-D, optimum ${formatValue(problem.optimalValue)}) with ${DEMO_SURROGATE} + ${DEFAULT_ACQUISITION}, ${budget} evaluations, seed 0\n`);
  const started = performance.now();
  const report = await runOptimize({
    objective: { kind: 'problem', text: problem.name, cwd: process.cwd() },
    surrogate: DEMO_SURROGATE,
    acquisition: DEFAULT_ACQUISITION,
    incumbent: DEFAULT_INCUMBENT,
    budget,
    seed: 0,
    batch: 1,
    timeout: 0,
    json: false,
    quiet: false,
  });
  const seconds = (performance.now() - started) / 1000;
  const suggest = [...report.suggestSeconds].sort((a, b) => a - b);
  const best = report.best;
  const lines = [
    '',
    `best value   ${best ? formatValue(best.value) : 'none (every evaluation failed)'}`,
    `best point   ${best ? Object.entries(best.params).map(([k, v]) => `${k}=${typeof v === 'number' ? v.toFixed(4) : v}`).join(', ') : '-'}`,
    `known optimum ${formatValue(problem.optimalValue)} at ${problem.optimizers.map((x) => `(${x.map((v) => v.toFixed(4)).join(', ')})`).join(', ')}`,
    `regret       ${formatValue(report.regret!.at(-1)!)}`,
    `time         ${seconds.toFixed(1)} s in all, median ${(suggest[Math.floor(suggest.length / 2)] * 1000).toFixed(1)} ms per suggestion`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
