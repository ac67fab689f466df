#!/usr/bin/env node
/**
 * The `tnpbo` command. Exit codes: 0 success, 1 runtime failure, 2 bad arguments (one-line reason on stderr).
 * With `--json`, stdout carries exactly one JSON document; progress goes to stderr.
 */

import { runDemo } from './demo.js';
import { parseOptimizeArgs, runOptimize } from './optimize.js';
import { UsageError } from './usage.js';

const USAGE = `usage: tnpbo <command> [options]

commands:
  demo        minimise Branin with the default surrogate (what npm start runs)
  optimize    --problem NAME [--surrogate S] [--acquisition A] [--budget N] [--seed K] [--batch Q] [--json] [--quiet]
`;

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      if (rest.length > 0) throw new UsageError(`demo: takes no arguments (got ${rest.join(' ')})`);
      return runDemo();
    case 'optimize': {
      const settings = parseOptimizeArgs(rest);
      const report = await runOptimize(settings);
      if (settings.json) process.stdout.write(JSON.stringify(report) + '\n');
      else process.stdout.write(`best ${JSON.stringify(report.best)}\nregret ${report.regret[report.regret.length - 1]}\n`);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"; expected demo or optimize (tnpbo help)`);
  }
}

/** Maps argument errors (ours and node's parseArgs ones) to exit code 2, anything else to 1. */
function exitCodeOf(error: unknown): number {
  const code = (error as { code?: unknown })?.code;
  return error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) ? 2 : 1;
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tnpbo: ${message.split('\n')[0]}\n`);
    process.exit(exitCodeOf(error));
  },
);
