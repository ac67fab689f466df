/**
 * `npm run bench:attention`: time and peak memory of the attention mechanisms. Writes
 * docs/benchmarks/attention.md and attention.json (records `{ case, mechanism, context, queries, ms, peakRssMiB,
 * backend, cpuMs }`, `case` one of `mha-forward`, `train-step`, `scaling`; `ms` is the wall-clock median and `cpuMs`
 * the CPU time of the same calls).
 *
 * - `mha-forward`: multi-head self-attention forward, B = 16, N = 256, d = 64, 4 heads (median of 30 calls).
 * - `train-step`: forward + backward + Adam of a 2-layer pre-LN transformer (d = 64, 4 heads, FFN 256, 100,418
 *   parameters) on batches of 16 × 128 points (median of 30 steps after 5 warm-up steps).
 * - `scaling`: one attention call at batch 1 for growing context and query counts (inference).
 *
 * Every measurement runs in its own child process, so the peak RSS is that measurement's (the wasm heap never
 * shrinks) and a failure is isolated. Options: `--quick` (only mha-forward and train-step on the default backend,
 * under 2 minutes), `--out DIR` (default docs/benchmarks), `--seed S` (default 0).
 */

import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { describeMachine } from '../src/bench/environment.js';
import { median } from '../src/bench/stats.js';
import { Rng } from '../src/core/rng.js';
import {
  ConstantMemoryAttentionBlock, DeepKernelAttention, MultiHeadAttention, PerformerAttention, TisaBias,
  disposeSummary, type CmabState,
} from '../surrogates/attention/index.js';
import { initBackend, type BackendInfo } from '../surrogates/backend/index.js';
import { Dense, LayerNorm, MLP, ParameterStore, type ParameterScope } from '../surrogates/nn/index.js';

/** Backend configurations compared in the full run. */
type BenchBackend = 'wasm' | 'wasm-stock' | 'cpu';

/** One measurement, run in a child process. */
type Job =
  | { kind: 'mha-forward'; backend: BenchBackend; mechanism: 'dense' | 'dense+tisa' | 'scan+tisa'; runs: number }
  | { kind: 'train-step'; backend: BenchBackend; mechanism: 'dense' | 'dense+tisa'; steps: number }
  | { kind: 'scaling'; mechanism: 'dka' | 'performer' | 'scan+tisa' | 'dense+tisa' | 'cmab-encode' | 'cmab-update'; context: number; queries: number };

/** Median wall-clock and CPU (user + system) milliseconds. */
interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

/** What a child reports. */
interface JobResult extends Timing {
  readonly peakRssMiB: number;
  readonly backend: string;
  readonly info: BackendInfo;
  readonly notes?: Record<string, number | string>;
}

/** One row of attention.json. */
interface BenchRecord {
  readonly case: Job['kind'];
  readonly mechanism: string;
  readonly context: number;
  readonly queries: number;
  readonly ms: number;
  /** CPU time of the same calls: less sensitive than wall time to other jobs competing for the cores. */
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  readonly backend: string;
}

const D = 64;
const HEADS = 4;

/* Note: a tf.tidy callback must not return a typed array (tidy walks every element of what it returns). */

/** Wall-clock and CPU milliseconds of each of `runs` calls of `f` after `warmup` calls. */
function timeCalls(f: () => void, warmup: number, runs: number): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < warmup; i++) f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    f();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

/** Medians of {@link timeCalls}. */
function medianTiming(times: { wall: number[]; cpu: number[] }): Timing {
  return { ms: median(times.wall), cpuMs: median(times.cpu) };
}

function randomNormal(shape: number[], rng: Rng, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = scale * rng.normal();
  return tf.tensor(values, shape);
}

function randomUniform(shape: number[], rng: Rng, low: number, high: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.uniformIn(low, high);
  return tf.tensor(values, shape);
}

/** Self-attention of the mha-forward and train-step cases: 4 heads of width 16, value Dense(64), output Dense(64). */
function benchAttention(params: ParameterScope, withBias: boolean, mechanism: 'dense' | 'scan'): MultiHeadAttention {
  return new MultiHeadAttention(params, {
    inputDim: D, heads: HEADS, keyDim: D / HEADS, valueSizes: [D], outputDim: D, mechanism,
    ...(withBias ? { bias: new TisaBias(params.scope('bias'), { heads: HEADS }) } : {}),
  });
}

async function mhaForward(job: Extract<Job, { kind: 'mha-forward' }>, seed: string): Promise<Timing> {
  const rng = new Rng(`${seed}/mha-forward`);
  const store = new ParameterStore(`${seed}/mha`);
  const mha = benchAttention(store, job.mechanism !== 'dense', job.mechanism === 'scan+tisa' ? 'scan' : 'dense');
  const x = randomNormal([16, 256, D], rng);
  const loc = randomUniform([16, 256, 1], rng, -2, 2);
  const call = (): void => {
    tf.tidy(() => {
      mha.apply({ query: x, key: x, locQ: loc, locK: loc }).dataSync();
    });
  };
  return medianTiming(timeCalls(call, 5, job.runs));
}

/** The 2-layer pre-LN transformer of backend.md §4.4: tokens `[x, y·isContext]` → per-point Gaussian `(μ, ρ)`. */
class BenchTransformer {
  readonly embed: Dense;
  readonly blocks: Array<{ norm1: LayerNorm; attention: MultiHeadAttention; norm2: LayerNorm; ffn: MLP }>;
  readonly norm: LayerNorm;
  readonly head: Dense;

  constructor(store: ParameterStore, withBias: boolean) {
    this.embed = new Dense(store.scope('embed'), 2, D);
    this.blocks = [0, 1].map((i) => {
      const scope = store.scope(`block${i}`);
      return {
        norm1: new LayerNorm(scope.scope('norm1'), D),
        attention: benchAttention(scope.scope('attention'), withBias, 'dense'),
        norm2: new LayerNorm(scope.scope('norm2'), D),
        ffn: new MLP(scope.scope('ffn'), D, [256, D]),
      };
    });
    this.norm = new LayerNorm(store.scope('norm'), D);
    this.head = new Dense(store.scope('head'), D, 2);
  }

  apply(tokens: tf.Tensor, locations: tf.Tensor): tf.Tensor {
    let h = this.embed.apply(tokens);
    for (const block of this.blocks) {
      const normed = block.norm1.apply(h);
      h = tf.add(h, block.attention.apply({ query: normed, key: normed, locQ: locations, locK: locations }));
      h = tf.add(h, block.ffn.apply(block.norm2.apply(h)));
    }
    return this.head.apply(this.norm.apply(h));
  }
}

async function trainStep(job: Extract<Job, { kind: 'train-step' }>, seed: string): Promise<{ timing: Timing; notes: Record<string, number> }> {
  const [B, N, NC] = [16, 128, 64];
  const store = new ParameterStore(`${seed}/transformer`);
  const model = new BenchTransformer(store, job.mechanism === 'dense+tisa');
  const optimizer = tf.train.adam(1e-3);
  const rng = new Rng(`${seed}/train-data`);
  const batch = (): { tokens: tf.Tensor; x: tf.Tensor; y: tf.Tensor } => {
    const x = new Float32Array(B * N);
    const y = new Float32Array(B * N);
    const tokens = new Float32Array(B * N * 2);
    for (let b = 0; b < B; b++) {
      const [amplitude, frequency, phase] = [rng.uniformIn(0.5, 1.5), rng.uniformIn(1, 3), rng.uniformIn(0, 2 * Math.PI)];
      for (let n = 0; n < N; n++) {
        const i = b * N + n;
        x[i] = rng.uniformIn(-2, 2);
        y[i] = amplitude * Math.sin(frequency * x[i] + phase) + 0.05 * rng.normal();
        tokens[2 * i] = x[i];
        tokens[2 * i + 1] = n < NC ? y[i] : 0;
      }
    }
    return { tokens: tf.tensor3d(tokens, [B, N, 2]), x: tf.tensor3d(x, [B, N, 1]), y: tf.tensor3d(y, [B, N, 1]) };
  };
  const losses: number[] = [];
  const step = (): void => {
    const data = batch();
    const loss = optimizer.minimize(() => {
      const [mean, raw] = tf.split(model.apply(data.tokens, data.x), 2, -1);
      const std = tf.add(tf.softplus(raw), 0.01);
      const z = tf.div(tf.sub(data.y, mean), std);
      return tf.mean(tf.add(tf.log(std), tf.mul(tf.square(z), 0.5))) as tf.Scalar;
    }, true, store.trainableVariables())!;
    losses.push(loss.dataSync()[0]);
    tf.dispose([loss, data.tokens, data.x, data.y]);
  };
  step();
  const tensorsAfterFirst = tf.memory().numTensors;
  const timing = medianTiming(timeCalls(step, 4, job.steps));
  return {
    timing,
    notes: {
      parameters: store.count(),
      firstLoss: losses[0],
      lastLoss: losses[losses.length - 1],
      steps: losses.length,
      leakedTensors: tf.memory().numTensors - tensorsAfterFirst,
    },
  };
}

/** Queries per call in the scaling runs of the chunked mechanisms. */
const QUERY_CHUNK = 16_384;

async function scaling(job: Extract<Job, { kind: 'scaling' }>, seed: string): Promise<Timing> {
  const rng = new Rng(`${seed}/scaling`);
  const store = new ParameterStore(`${seed}/${job.mechanism}`);
  const measure = (build: (context: number, queries: number) => () => void): Timing => {
    timeCalls(build(256, 256), 1, 1);
    const run = build(job.context, job.queries);
    // The first call at full size also grows the wasm heap: report later calls unless one call takes over 20 s.
    const first = timeCalls(run, 0, 1);
    if (first.wall[0] >= 20_000) return medianTiming(first);
    return medianTiming(timeCalls(run, 0, first.wall[0] >= 2000 ? 1 : 3));
  };
  const inputs = (context: number, queries: number) => ({
    key: randomNormal([1, context, D], rng),
    locK: randomUniform([1, context, 1], rng, -2, 2),
    query: randomNormal([1, queries, D], rng),
    locQ: randomUniform([1, queries, 1], rng, -2, 2),
  });
  /** Calls `read` on successive query chunks and reads each result back. */
  const chunked = (queries: number, read: (start: number, size: number) => tf.Tensor): void => {
    for (let start = 0; start < queries; start += QUERY_CHUNK) {
      const size = Math.min(QUERY_CHUNK, queries - start);
      tf.tidy(() => {
        read(start, size).dataSync();
      });
    }
  };
  switch (job.mechanism) {
    case 'dka': {
      const dka = new DeepKernelAttention(store, { inputDim: D, locationDim: 1 });
      return measure((context, queries) => {
        const x = inputs(context, queries);
        return () => {
          const summary = dka.summarize(x.key, x.locK);
          chunked(queries, (start, size) =>
            dka.read(summary, tf.slice(x.query, [0, start, 0], [1, size, D]), tf.slice(x.locQ, [0, start, 0], [1, size, 1])));
          tf.dispose([summary.kv, summary.count]);
        };
      });
    }
    case 'performer': {
      const performer = new PerformerAttention(store, { inputDim: D, heads: HEADS, headDim: 32, outputDim: D, features: 128 });
      return measure((context, queries) => {
        const x = inputs(context, queries);
        return () => {
          const summary = performer.summarize(x.key);
          chunked(queries, (start, size) => performer.read(summary, tf.slice(x.query, [0, start, 0], [1, size, D])));
          tf.dispose([summary.keyValues, summary.keySums]);
        };
      });
    }
    case 'scan+tisa':
    case 'dense+tisa': {
      const mha = new MultiHeadAttention(store, {
        inputDim: D, heads: HEADS, keyDim: 32, valueSizes: [128, D], outputDim: D,
        mechanism: job.mechanism === 'scan+tisa' ? 'scan' : 'dense', bias: new TisaBias(store.scope('bias'), { heads: HEADS }),
      });
      return measure((context, queries) => {
        const x = inputs(context, queries);
        return () => {
          tf.tidy(() => {
            mha.apply({ query: x.query, key: x.key, locQ: x.locQ, locK: x.locK }).dataSync();
          });
        };
      });
    }
    case 'cmab-encode':
    case 'cmab-update': {
      const block = new ConstantMemoryAttentionBlock(store);
      const latentsIn = randomNormal([1, block.numLatents, D], rng);
      const absorb = (state: CmabState, tokens: tf.Tensor): CmabState => {
        let current = state;
        const n = tokens.shape[1] as number;
        for (let start = 0; start < n; start += 4096) {
          const next = tf.tidy(() => block.update(current, tf.slice(tokens, [0, start, 0], [1, Math.min(4096, n - start), D])));
          disposeSummary(current);
          current = next;
        }
        return current;
      };
      if (job.mechanism === 'cmab-encode') {
        return measure((context) => {
          const tokens = randomNormal([1, context, D], rng);
          return () => {
            const state = absorb(block.emptyState(1), tokens);
            tf.tidy(() => {
              block.output(state, latentsIn).dataSync();
            });
            disposeSummary(state);
          };
        });
      }
      let state = absorb(block.emptyState(1), randomNormal([1, job.context, D], rng));
      const point = randomNormal([1, 1, D], rng);
      return medianTiming(timeCalls(() => {
        const next = tf.tidy(() => block.update(state, point));
        disposeSummary(state);
        state = next;
        tf.tidy(() => {
          block.output(state, latentsIn).dataSync();
        });
      }, 3, 20));
    }
  }
}

/** Child entry: run one job and send the result to the parent. */
async function runChild(job: Job, seed: string): Promise<void> {
  const backend = job.kind === 'scaling' ? 'wasm' : job.backend;
  const info = await initBackend({
    backend: backend === 'wasm-stock' ? 'wasm' : backend,
    fastKernels: backend !== 'wasm-stock',
    report: () => {},
  });
  let timing: Timing;
  let notes: Record<string, number | string> | undefined;
  if (job.kind === 'mha-forward') timing = await mhaForward(job, seed);
  else if (job.kind === 'train-step') ({ timing, notes } = await trainStep(job, seed));
  else timing = await scaling(job, seed);
  const result: JobResult = {
    ...timing, backend, info, peakRssMiB: process.resourceUsage().maxRSS / 1024, ...(notes === undefined ? {} : { notes }),
  };
  process.send!(result);
}

/** Runs a job in a child process; undefined (with a message on stderr) if the child fails. */
function runJob(job: Job, seed: string): Promise<JobResult | undefined> {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(job), '--seed', seed], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: JobResult | undefined;
    child.on('message', (message) => {
      result = message as JobResult;
    });
    child.on('exit', (code, signal) => {
      if (result === undefined) process.stderr.write(`  failed: ${JSON.stringify(job)} (exit ${code ?? signal})\n`);
      resolve(result);
    });
  });
}

function jobsFor(quick: boolean): Job[] {
  const jobs: Job[] = [
    { kind: 'mha-forward', backend: 'wasm', mechanism: 'dense', runs: 30 },
    { kind: 'mha-forward', backend: 'wasm', mechanism: 'dense+tisa', runs: 30 },
    { kind: 'train-step', backend: 'wasm', mechanism: 'dense', steps: 30 },
  ];
  if (quick) return jobs;
  jobs.push(
    { kind: 'mha-forward', backend: 'wasm', mechanism: 'scan+tisa', runs: 30 },
    { kind: 'mha-forward', backend: 'wasm-stock', mechanism: 'dense', runs: 10 },
    { kind: 'mha-forward', backend: 'cpu', mechanism: 'dense', runs: 5 },
    { kind: 'train-step', backend: 'wasm', mechanism: 'dense+tisa', steps: 30 },
    { kind: 'train-step', backend: 'wasm-stock', mechanism: 'dense', steps: 10 },
    { kind: 'train-step', backend: 'cpu', mechanism: 'dense', steps: 3 },
  );
  const [K1, K10, K100, M1] = [1_000, 10_000, 100_000, 1_000_000];
  for (const mechanism of ['dka', 'performer'] as const) {
    for (const context of [K1, K10, K100]) jobs.push({ kind: 'scaling', mechanism, context, queries: K1 });
    for (const queries of [K10, K100, M1]) jobs.push({ kind: 'scaling', mechanism, context: K1, queries });
    jobs.push({ kind: 'scaling', mechanism, context: K100, queries: M1 });
  }
  jobs.push({ kind: 'scaling', mechanism: 'dense+tisa', context: K1, queries: K1 });
  for (const context of [K1, K10]) {
    for (const queries of [K1, K10, K100]) jobs.push({ kind: 'scaling', mechanism: 'scan+tisa', context, queries });
  }
  jobs.push({ kind: 'scaling', mechanism: 'scan+tisa', context: K100, queries: K1 });
  for (const context of [K1, K10, K100]) {
    jobs.push({ kind: 'scaling', mechanism: 'cmab-encode', context, queries: 128 });
    jobs.push({ kind: 'scaling', mechanism: 'cmab-update', context, queries: 128 });
  }
  return jobs;
}

function recordOf(job: Job, result: JobResult): BenchRecord {
  const [context, queries] = job.kind === 'scaling' ? [job.context, job.queries] : job.kind === 'mha-forward' ? [256, 256] : [128, 128];
  return {
    case: job.kind, mechanism: job.mechanism, context, queries,
    ms: Math.round(result.ms * 100) / 100, cpuMs: Math.round(result.cpuMs * 100) / 100, peakRssMiB: Math.round(result.peakRssMiB), backend: result.backend,
  };
}

/** CPU time per unit of work of a scaling job: per point for linear mechanisms, per query–key pair for softmax attention. */
function unitCost(job: Extract<Job, { kind: 'scaling' }>, cpuMs: number): string {
  switch (job.mechanism) {
    case 'scan+tisa':
    case 'dense+tisa':
      return `${((cpuMs * 1e6) / (job.context * job.queries)).toFixed(0)} ns / pair`;
    case 'cmab-encode':
      return `${((cpuMs * 1000) / job.context).toFixed(1)} µs / point`;
    case 'cmab-update':
      return 'per added point';
    default:
      return `${((cpuMs * 1000) / (job.context + job.queries)).toFixed(1)} µs / point`;
  }
}

const count = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}K` : String(n));
const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** Markdown report. */
function report(done: Array<{ job: Job; result: JobResult }>, quick: boolean, seed: string, seconds: number, load: readonly number[]): string {
  const info = done.find((d) => d.result.backend === 'wasm')?.result.info;
  const find = (kind: Job['kind'], mechanism: string, backend = 'wasm', context?: number, queries?: number) =>
    done.find((d) => d.job.kind === kind && d.job.mechanism === mechanism && d.result.backend === backend &&
      (context === undefined || (d.job.kind === 'scaling' && d.job.context === context && d.job.queries === queries)))?.result;
  const status = (value: number | undefined, limit: number): string =>
    value === undefined ? 'not measured' : value <= limit ? 'met' : `missed by ${((value / limit - 1) * 100).toFixed(0)} %`;
  const mha = find('mha-forward', 'dense');
  const train = find('train-step', 'dense');
  const scanRss = find('scaling', 'scan+tisa', 'wasm', 10_000, 100_000)?.peakRssMiB;
  const timed = (r: JobResult | undefined): string => (r === undefined ? '– | –' : `${ms(r.ms)} ms | ${ms(r.cpuMs)} ms`);
  const lines = [
    '# Attention benchmark',
    '',
    `Generated by \`npm run bench:attention${quick ? ' -- --quick' : ''}\` (scripts/bench-attention.ts).`,
    '',
    `* Machine: ${describeMachine()} (shared with other work; medians jitter by up to ±30 % between runs)`,
    `* Date: ${new Date().toISOString().slice(0, 10)}; seed ${seed}; total ${(seconds / 60).toFixed(1)} min; 1-minute load average ${load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end`,
    `* Backend: ${info === undefined ? 'n/a' : `${info.name}, ${info.simd === true ? 'SIMD' : 'no SIMD'}, ${info.fastKernels ? 'fast kernels' : 'stock kernels'}`}; TensorFlow.js ${tf.version.tfjs}`,
    '* Every measurement runs in a fresh child process; peak RSS is that process\'s maximum resident set (the wasm heap never shrinks).',
    '',
    '## Targets',
    '',
    '| measure | target | median wall | median CPU | status (wall) | status (CPU) |',
    '|---|---|---|---|---|---|',
    `| multi-head attention forward, B=16, N=256, d=64, 4 heads (wasm) | ≤ 40 ms | ${timed(mha)} | ${status(mha?.ms, 40)} | ${status(mha?.cpuMs, 40)} |`,
    `| 2-layer transformer training step, 16 × 128 points (wasm) | ≤ 180 ms | ${timed(train)} | ${status(train?.ms, 180)} | ${status(train?.cpuMs, 180)} |`,
    `| scan attention 10K context × 100K queries, peak RSS | < 2048 MiB | ${scanRss === undefined ? '–' : `${Math.round(scanRss)} MiB`} | | ${status(scanRss, 2048)} | |`,
    '',
    '## mha-forward: self-attention, B = 16, N = 256, d = 64, 4 heads of width 16',
    '',
    'Projections, attention and output projection, plus reading the output back. `dense+tisa` adds the TISA distance',
    'bias (4 heads × 5 Gaussian bumps of the 1-D distance between random locations); `scan+tisa` computes the same',
    'in blocks. `wasm-stock` is the wasm backend without the fast kernels.',
    '',
    '| backend | mechanism | median wall ms | median CPU ms | peak RSS MiB |',
    '|---|---|---|---|---|',
    ...done.filter((d) => d.job.kind === 'mha-forward').map((d) => `| ${d.result.backend} | ${d.job.mechanism} | ${ms(d.result.ms)} | ${ms(d.result.cpuMs)} | ${Math.round(d.result.peakRssMiB)} |`),
    '',
    '## train-step: 2-layer pre-LN transformer, d = 64, 4 heads, FFN 256, batch 16 × 128 points',
    '',
    'Forward, backward and Adam on a fresh batch of random sine functions (tokens `[x, y]` for 64 context points and',
    '`[x, 0]` for 64 targets, Gaussian NLL), reading the loss back each step. Median after 5 warm-up steps.',
    '',
    '| backend | mechanism | median wall ms | median CPU ms | peak RSS MiB | parameters | loss first → last (steps) | leaked tensors |',
    '|---|---|---|---|---|---|---|---|',
    ...done.filter((d) => d.job.kind === 'train-step').map((d) => {
      const n = d.result.notes ?? {};
      return `| ${d.result.backend} | ${d.job.mechanism} | ${ms(d.result.ms)} | ${ms(d.result.cpuMs)} | ${Math.round(d.result.peakRssMiB)} | ${n.parameters} | ${Number(n.firstLoss).toFixed(3)} → ${Number(n.lastLoss).toFixed(3)} (${n.steps}) | ${n.leakedTensors} |`;
    }),
  ];
  const scalingRows = done.filter((d) => d.job.kind === 'scaling');
  if (scalingRows.length > 0) {
    lines.push(
      '',
      '## scaling: one attention call, batch 1, d = 64, wasm',
      '',
      '* `dka`: deep kernel attention (TNP-KR: Φ = MLP[128, 128] on [location, token], values MLP[128, 64]); the key',
      '  summary is built once (8,192 keys per step), queries are read in chunks of 16,384 and each chunk\'s output',
      '  is read back.',
      '* `performer`: FAVOR+ with 4 heads of width 32 and 128 random features, same chunking.',
      '* `scan+tisa` / `dense+tisa`: TNP-KR attention (4 heads, q/k width 32, value MLP[128, 64], TISA bias) from',
      '  the queries to the context, blockwise (1024 × 1024 blocks) or all at once.',
      '* `cmab-encode`: a CMANP block absorbs the context in chunks of 4,096 points and computes its 128 output latents',
      '  (the `queries` column is the number of latents); `cmab-update`: after absorbing `context` points, add one point',
      '  and recompute the latents (median of 20) — constant in the history length.',
      '* Each size is timed after one untimed call at that size (which also grows the wasm heap), as the median of 3',
      '  calls under 2 s, else one call; calls of more than 20 s are timed once, including that first call.',
      '',
      'The cost column divides the CPU time by the work a mechanism scales with: points (context + queries; for',
      '`cmab-encode` the context) for the linear mechanisms, query–key pairs for softmax attention. A constant column',
      'down a mechanism\'s rows is linear (respectively `O(context × queries)`) scaling.',
      '',
      '| mechanism | context | queries | wall ms | CPU ms | CPU cost per unit | peak RSS MiB |',
      '|---|---|---|---|---|---|---|',
      ...scalingRows.map((d) => {
        const job = d.job as Extract<Job, { kind: 'scaling' }>;
        return `| ${job.mechanism} | ${count(job.context)} | ${count(job.queries)} | ${ms(d.result.ms)} | ${ms(d.result.cpuMs)} | ${unitCost(job, d.result.cpuMs)} | ${Math.round(d.result.peakRssMiB)} |`;
      }),
    );
  }
  lines.push(
    '',
    '## Notes',
    '',
    '* Wall-clock medians on a machine shared with other jobs include waiting for a core; the CPU column (user +',
    '  system time of the same calls, single-threaded work) excludes that wait. With a load average above 1 another',
    '  job also competes for the shared caches and memory bandwidth, which slows the memory-bound wasm kernels, so',
    '  CPU times rise as well. The targets refer to plain multi-head attention (no distance bias), as in the',
    '  backend specification.',
    '* The TISA bias evaluates 4 heads × 5 Gaussian bumps per query–key pair, about 8 elementwise tfjs passes each',
    '  (tfjs has no fused kernels), which is why `dense+tisa` and `scan+tisa` cost several times plain attention.',
    '* Largest sizes run: DKA and Performer up to 100K context × 1M queries (linear); scan attention up to',
    '  10K × 100K and 100K × 1K (about 1,000 blocks of 1024 × 1024 take minutes on wasm); dense attention only at',
    '  1K × 1K, since its `[B, H, Q, K]` tensors grow quadratically. TNP-KR\'s context self-attention at 100K points',
    '  (10^10 query–key pairs per head) would take hours on this machine and is not run.',
    '* Scan attention keeps memory bounded: its blocks hold 2^22 elements (16 MiB) at most, so the peak RSS stays',
    '  flat as the query count grows.',
  );
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, out: { type: 'string' }, seed: { type: 'string' }, child: { type: 'string' } },
  });
  const seed = values.seed ?? '0';
  if (values.child !== undefined) {
    await runChild(JSON.parse(values.child) as Job, seed);
    return;
  }
  const quick = values.quick === true;
  const out = values.out ?? 'docs/benchmarks';
  const started = performance.now();
  const loadAtStart = os.loadavg()[0];
  const done: Array<{ job: Job; result: JobResult }> = [];
  for (const job of jobsFor(quick)) {
    const result = await runJob(job, seed);
    if (result === undefined) continue;
    done.push({ job, result });
    const size = job.kind === 'scaling' ? ` context ${count(job.context)} queries ${count(job.queries)}` : '';
    process.stderr.write(`${job.kind} ${result.backend} ${job.mechanism}${size}: ${ms(result.ms)} ms (CPU ${ms(result.cpuMs)} ms), peak RSS ${Math.round(result.peakRssMiB)} MiB\n`);
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}/attention.json`, `${JSON.stringify(done.map((d) => recordOf(d.job, d.result)), null, 2)}\n`);
  writeFileSync(`${out}/attention.md`, report(done, quick, seed, (performance.now() - started) / 1000, [loadAtStart, os.loadavg()[0]]));
  process.stderr.write(`wrote ${out}/attention.md and ${out}/attention.json\n`);
}

await main();
