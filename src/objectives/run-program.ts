/**
 * Runs a program directly (never through a shell) with a time limit, and keeps the tail of what it printed.
 * Each program runs in its own process group so that a timeout (or {@link stopRunningPrograms}) ends it together
 * with any processes it started.
 */

import { spawn, type ChildProcess } from 'node:child_process';

/** How a program run ended. */
export interface ProgramRun {
  /** Exit code, or null when a signal ended the program. */
  readonly code: number | null;
  /** The signal that ended the program, if any. */
  readonly signal: NodeJS.Signals | null;
  /** True when the time limit ended the program. */
  readonly timedOut: boolean;
  /** The end of its standard output (at most {@link OUTPUT_TAIL} characters). */
  readonly stdout: string;
  /** The end of its standard error (at most {@link OUTPUT_TAIL} characters). */
  readonly stderr: string;
}

/** Characters kept from the end of each output stream. */
export const OUTPUT_TAIL = 64 * 1024;
/** After the program exits, how long to wait for processes it left behind to close its output. */
const CLOSE_GRACE_MS = 2000;

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/** Ends every program still running (and the processes they started); for signal handlers. */
export function stopRunningPrograms(): void {
  for (const child of running) killGroup(child);
}

/** Collects a stream's text, keeping only its last {@link OUTPUT_TAIL} characters. */
function tail(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    if (text.length > 2 * OUTPUT_TAIL) text = text.slice(-OUTPUT_TAIL);
  });
  return () => text.slice(-OUTPUT_TAIL);
}

/**
 * Runs `program` with `args` in `cwd`; after `timeoutSeconds` (0 = no limit) the program and its children are
 * killed. Rejects only when the program cannot be started (e.g. not found, not executable).
 */
export function runProgram(program: string, args: readonly string[], options: { timeoutSeconds: number; cwd?: string }): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: options.cwd, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = tail(child.stdout!);
    const stderr = tail(child.stderr!);
    let timedOut = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let grace: NodeJS.Timeout | undefined;
    let settled = false;
    const timer =
      options.timeoutSeconds > 0
        ? setTimeout(() => {
            timedOut = true;
            killGroup(child);
          }, options.timeoutSeconds * 1000)
        : undefined;
    running.add(child);
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      running.delete(child);
      resolve({ ...exit!, timedOut, stdout: stdout(), stderr: stderr() });
    };
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      grace = setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        finish();
      }, CLOSE_GRACE_MS);
    });
    child.on('close', () => {
      if (exit !== undefined) finish();
    });
  });
}
