/**
 * Runs benchmark tasks in child processes (each with its own TensorFlow.js and heap): `size` workers take tasks
 * from a queue one at a time. With `recycle`, every task gets a fresh process, so that its peak memory is its
 * own.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchTask, WorkerReply, WorkerRequest } from './worker.js';

/** Options of {@link ProcessPool}. */
export interface ProcessPoolOptions {
  /** Start a new process for every task (default false). */
  readonly recycle?: boolean;
  /** Node options of the workers (e.g. `--expose-gc`). */
  readonly execArgv?: readonly string[];
}

interface Job {
  readonly id: number;
  readonly task: BenchTask;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Worker {
  readonly child: ChildProcess;
  job?: Job;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** A fixed number of worker processes fed from a queue. */
export class ProcessPool {
  private readonly queue: Job[] = [];
  private readonly workers = new Set<Worker>();
  private nextId = 0;

  /** A pool of at most `size` workers, started on demand. */
  constructor(
    private readonly size: number,
    private readonly options: ProcessPoolOptions = {},
  ) {}

  /** Runs `task` in a worker; rejects with the worker's error message (or its unexpected exit). */
  run<R>(task: BenchTask): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve: resolve as (result: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every worker (pending tasks are rejected). */
  close(): void {
    for (const worker of this.workers) this.retire(worker, new Error('the pool was closed'));
    for (const job of this.queue.splice(0)) job.reject(new Error('the pool was closed'));
  }

  private dispatch(): void {
    for (const worker of this.workers) if (worker.job === undefined && this.queue.length > 0) this.assign(worker, this.queue.shift()!);
    while (this.queue.length > 0 && this.workers.size < this.size) this.assign(this.spawn(), this.queue.shift()!);
  }

  private assign(worker: Worker, job: Job): void {
    worker.job = job;
    worker.child.send({ id: job.id, task: job.task } satisfies WorkerRequest);
  }

  private spawn(): Worker {
    const child = fork(WORKER, [], { execArgv: [...(this.options.execArgv ?? [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const worker: Worker = { child };
    child.on('message', (reply: WorkerReply) => {
      const job = worker.job;
      if (job === undefined || job.id !== reply.id) return;
      worker.job = undefined;
      if ('error' in reply) job.reject(new Error(reply.error));
      else job.resolve(reply.result);
      if (this.options.recycle) this.retire(worker);
      this.dispatch();
    });
    child.on('exit', (code, signal) => {
      if (!this.workers.has(worker)) return;
      this.retire(worker, new Error(`a benchmark worker exited unexpectedly (${signal ?? `code ${code}`})`));
      this.dispatch();
    });
    this.workers.add(worker);
    return worker;
  }

  /** Removes a worker, failing its job (if any) with `reason`. */
  private retire(worker: Worker, reason?: Error): void {
    this.workers.delete(worker);
    if (worker.job !== undefined && reason !== undefined) worker.job.reject(reason);
    worker.job = undefined;
    if (worker.child.connected) worker.child.disconnect();
    if (worker.child.exitCode === null) worker.child.kill();
  }
}
