/** Runs the built `tnpbo` command (dist/) in a child process, for the CLI tests. */

import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The compiled command; `npm test` builds before testing. */
export const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** The folder with the objective fixtures. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Runs `tnpbo ...args` in `cwd` and returns its exit code and outputs. */
export function tnpbo(args: string[], cwd: string = FIXTURES): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `tnpbo ...args` in the background. */
export function startTnpbo(args: string[], cwd: string = FIXTURES) {
  return spawn(process.execPath, [MAIN, ...args], { cwd, stdio: 'ignore' });
}
