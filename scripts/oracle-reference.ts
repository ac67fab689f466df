/**
 * Oracle GP reference scores (models.md §9.3) on seeded evaluation sets of both GP meta-regression protocols:
 * protocol (b) `gp-standard` marginal `tar_ll` and joint LL / Nt over 3,000 batches × 16 tasks, protocol (a)
 * `gp-tnpkr` NLL over all 150 test points (and the joint NLL / Nt) over 1,000 batches × 32 tasks, per kernel,
 * with the standard error of the mean of batch means and the seconds each set took (sampling + scoring).
 *
 * Run with `npx tsc -p . && node dist/scripts/oracle-reference.js [--seeds 0,1,2] [--batches-a 1000]
 * [--batches-b 3000]`; smaller `--batches-*` give a quick check.
 */

import { oracleBatchScore, summariseBatchScores, type OracleSummary } from '../surrogates/training/oracle.js';
import { evaluationBatch, type GPProtocol, type ProtocolKernel } from '../surrogates/training/tasks.js';

const KERNELS: readonly ProtocolKernel[] = ['rbf', 'matern', 'periodic'];

/** The value following `--name` on the command line, or `fallback`. */
function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = process.argv[at + 1];
  if (value === undefined) throw new Error(`--${name}: missing value`);
  return value;
}

/** A positive integer command-line argument. */
function countArgument(name: string, fallback: number): number {
  const value = Number(argument(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer`);
  return value;
}

/** The oracle summary of `batches` evaluation batches of one protocol, kernel and seed, and the seconds taken. */
function evaluate(protocol: GPProtocol, kernel: ProtocolKernel, seed: string, batches: number): [OracleSummary, number] {
  const start = performance.now();
  const scores = Array.from({ length: batches }, (_, k) => oracleBatchScore(evaluationBatch(protocol, kernel, seed, k)));
  return [summariseBatchScores(scores), (performance.now() - start) / 1000];
}

const format = (value: number, error: number): string => `${value.toFixed(4)} ± ${error.toFixed(4)}`;

function main(): void {
  const seeds = argument('seeds', '0').split(',');
  const batchesA = countArgument('batches-a', 1000);
  const batchesB = countArgument('batches-b', 3000);
  console.log('Oracle GP reference (± = standard error of the mean of batch means)');
  console.log('protocol\tkernel\tseed\tbatches\tscore\t\t\tjoint/Nt\t\tseconds');
  for (const seed of seeds) {
    for (const kernel of KERNELS) {
      const [b, seconds] = evaluate('gp-standard', kernel, seed, batchesB);
      console.log(
        `(b) tar_ll\t${kernel}\t${seed}\t${batchesB}\t${format(b.marginal, b.marginalStandardError)}\t` +
          `${format(b.joint, b.jointStandardError)}\t${seconds.toFixed(1)}`,
      );
    }
    for (const kernel of KERNELS) {
      const [a, seconds] = evaluate('gp-tnpkr', kernel, seed, batchesA);
      console.log(
        `(a) NLL\t\t${kernel}\t${seed}\t${batchesA}\t${format(-a.marginal, a.marginalStandardError)}\t` +
          `${format(-a.joint, a.jointStandardError)}\t${seconds.toFixed(1)}`,
      );
    }
  }
}

main();
