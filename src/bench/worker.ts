/**
 * The entry point of a benchmark worker process (started by {@link ProcessPool}): it runs the tasks it is sent
 * over IPC one at a time and replies with their results, and exits when its parent disconnects.
 */

import { runBenchmark, type RunSpec } from './run.js';
import { measureScalePoint, type ScalePoint } from './scale-point.js';

/** One benchmark run. */
export interface RunTask {
  /** Discriminates the tasks. */
  readonly kind: 'run';
  /** The run. */
  readonly spec: RunSpec;
}

/** One scaling measurement. */
export interface ScaleTask {
  /** Discriminates the tasks. */
  readonly kind: 'scale';
  /** The point to measure. */
  readonly point: ScalePoint;
}

/** A unit of work for a worker. */
export type BenchTask = RunTask | ScaleTask;

/** A message to a worker. */
export interface WorkerRequest {
  /** Matches the reply to the request. */
  readonly id: number;
  /** What to do. */
  readonly task: BenchTask;
}

/** A worker's reply: the task's result or its error message. */
export type WorkerReply = WorkerResult | WorkerFailure;

/** A task's result. */
export interface WorkerResult {
  /** The request's id. */
  readonly id: number;
  /** What the task returned (structured-cloned). */
  readonly result: unknown;
}

/** A task's failure. */
export interface WorkerFailure {
  /** The request's id. */
  readonly id: number;
  /** The error message. */
  readonly error: string;
}

async function perform(task: BenchTask): Promise<unknown> {
  return task.kind === 'run' ? runBenchmark(task.spec) : measureScalePoint(task.point);
}

if (process.send !== undefined) {
  process.on('message', (request: WorkerRequest) => {
    perform(request.task).then(
      (result) => process.send!({ id: request.id, result } satisfies WorkerReply),
      (error: unknown) => process.send!({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
