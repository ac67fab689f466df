/**
 * `npm run bench:bo`: every surrogate and acquisition on the six benchmark problems (budget 50, seeds 0-9), the
 * 1-D protocol of the NP papers on 100 GP-sampled tasks, and a long run on hartmann6 (budget 1000) timing the
 * suggestions of gp, tnp-kr-dka and cmanp. Writes docs/benchmarks/bo.md and bo.json; runs are cached in
 * .bench-cache/bo so that a killed run resumes. Options: see src/bench/bo/command.ts (`--part`, `--quick`, ...).
 */

import { parseBoArgs, runBoBenchmark } from '../src/bench/bo/command.js';
import { UsageError } from '../src/cli/usage.js';

try {
  await runBoBenchmark(parseBoArgs(process.argv.slice(2)));
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (!(error instanceof UsageError) && !(typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) throw error;
  process.stderr.write(`bench-bo: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
