#!/usr/bin/env node
/**
 * The `tnpbo` command. Exit codes: 0 success, 1 runtime failure, 2 bad arguments (one-line reason on stderr).
 * With `--json`, stdout carries exactly one JSON document; progress goes to stderr.
 */

import { stopRunningPrograms } from '../objectives/run-program.js';
import { requestGracefulStop } from './interrupt.js';
import { RegistryError } from '../registry.js';
import { runBenchCommand } from './bench.js';
import { runDemo } from './demo.js';
import { formatReport, parseOptimizeArgs, runOptimize } from './optimize.js';
import { UsageError } from './usage.js';

const USAGE = `usage: tnpbo <command> [options]

commands:
  demo        minimise Branin with the default surrogate (what npm start runs)
  optimize    minimise a black-box objective, one of
                --problem NAME
                --expr "sin(3*x)+(y-1)^2" --space "x=-2:2,y=-1:3"
                --module ./f.mjs[#export] --space ...
                --command "python train.py --lr {lr}" --space "lr=1e-5:1e-1:log" [--timeout SECONDS]
              with [--surrogate S] [--acquisition A] [--incumbent best-observed|best-mean]
                   [--trust-region | --no-trust-region] [--budget N] [--seed K] [--batch Q]
                   [--out DIR | --resume DIR] [--json] [--quiet]
  bench       --problems a,b --surrogates s,t [--acquisitions a] [--incumbent R]
              [--trust-region | --no-trust-region] [--seeds N] [--budget N] [--jobs J] [--fresh] [--out DIR]
              [--json] [--quiet]
  bench scale [--surrogates gp] [--contexts 16,64,256] [--queries 64,1024] [--context N] [--query N]
              [--dim D] [--repeats R] [--out DIR] [--json] [--quiet]
  train       --model NAME --steps N --out FILE.json [--preset small|paper|tiny]
              [--protocol gp-standard|gp-tnpkr|bo-prior] [--kernel K] [--dim D] [--min-dim D] [--noise LOW,HIGH] [--seed K] [--batch B] [--lr X]
              [--validate-every N] [--validation-batches N] [--save-every N] [--log-every N]
              [--resume] [--init-from CHECKPOINT.json] [--max-seconds S] [--backend wasm|cpu|tensorflow] [--json] [--quiet]
              (state: FILE.state, log: FILE.log.jsonl; --resume repeats the original settings)
  eval        --model CHECKPOINT_NAME_OR_FILE --protocol gp-standard|gp-tnpkr --batches N
              [--kernel rbf|matern|periodic] [--seed K] [--backend wasm|cpu|tensorflow] [--json]

space syntax: x=-2:2 (float), lr=1e-5:1e-1:log, n=int:1:8, act=cat:relu|tanh, separated by commas.
docs: docs/cli.md
`;

/** A failure of the run itself (not of its arguments): exit code 1. */
class RunFailure extends Error {}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      if (rest.length > 0) throw new UsageError(`demo: takes no arguments (got ${rest.join(' ')})`);
      return runDemo();
    case 'optimize': {
      const settings = parseOptimizeArgs(rest);
      const report = await runOptimize(settings);
      process.stdout.write(settings.json ? JSON.stringify(report) + '\n' : formatReport(report));
      if (report.best === null && report.trials.length > 0) throw new RunFailure(`every evaluation failed; the last: ${report.trials.at(-1)!.error}`);
      return;
    }
    case 'bench':
      return runBenchCommand(rest);
    // Loaded on demand: they start TensorFlow.js, which the other commands do not need.
    case 'train':
      return (await import('./train.js')).runTrainCommand(rest);
    case 'eval':
      return (await import('./eval.js')).runEvalCommand(rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"; expected demo, optimize, bench, train or eval (tnpbo help)`);
  }
}

/** Maps argument errors (ours, the registry's and node's parseArgs ones) to exit code 2, anything else to 1. */
function exitCodeOf(error: unknown): number {
  const code = (error as { code?: unknown })?.code;
  const badArgument = error instanceof UsageError || error instanceof RegistryError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
  return badArgument ? 2 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (requestGracefulStop()) {
      process.stderr.write(`\ntnpbo: ${signal}: stopping after the current step (send it again to stop at once)\n`);
      return;
    }
    stopRunningPrograms();
    process.stderr.write(`\ntnpbo: stopped by ${signal}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tnpbo: ${message.split('\n')[0]}\n`);
    process.exit(exitCodeOf(error));
  },
);
