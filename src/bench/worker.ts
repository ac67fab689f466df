/**
 * The entry point of a benchmark worker process (started by {@link ProcessPool}): it runs the tasks it is sent
 * over IPC one at a time and replies with their results, and exits when its parent disconnects.
 */

import { runBenchmark, type RunSpec } from './run.js';
import { measureScalePoint, type ScalePoint } from './scale-point.js';

/** A unit of work for a worker: one benchmark run or one scaling measurement. */
export type BenchTask = { readonly kind: 'run'; readonly spec: RunSpec } | { readonly kind: 'scale'; readonly point: ScalePoint };

/** A message to a worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly task: BenchTask;
}

/** A worker's reply: the task's result or its error message. */
export type WorkerReply = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string };

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
