/**
 * Renders the model table's document as Markdown: a header with the conditions, one table of all models (an
 * oracle row on top; cells show the target log-likelihood ± its standard error and the gap to the oracle on the
 * same tasks), the published figures of models.md §9.2 next to ours, then the notes and the provenance of every
 * row.
 */

import type { ProtocolKernel } from '../../../surrogates/training/tasks.js';
import { isCellResult, type CellResult, type ModelRow, type ModelTableDocument, type TrainedRow } from './document.js';
import type { PublishedFigure } from './published-figures.js';

/** Column titles of the kernels. */
export const KERNEL_TITLES: Readonly<Record<ProtocolKernel, string>> = { rbf: 'RBF', matern: 'Matérn-5/2', periodic: 'periodic' };

/** A model beating the oracle by more than this many of its standard errors signals a bug (models.md §9.3). */
const ORACLE_MARGIN = 3;

/** Oracle scores of two cells of one kernel count as the same when they agree to this many units. */
const ORACLE_TOLERANCE = 1e-9;

/** Seconds as `4.2 s`, `42 s`, `12.5 min` or `3.21 h`. */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 90) return `${seconds.toFixed(0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}

/** A log-likelihood with its standard error: `1.234 ± 0.005` (no ± when it is unknown). */
export function formatScore(value: number, standardError: number | null): string {
  return standardError === null ? value.toFixed(3) : `${value.toFixed(3)} ± ${standardError.toFixed(3)}`;
}

const steps = (n: number): string => n.toLocaleString('en-US');

function publishedFigure(figure: PublishedFigure): string {
  return figure.spread === undefined ? figure.value.toFixed(2) : `${figure.value.toFixed(2)} ± ${figure.spread.toFixed(2)}`;
}

/** The cells of every trained row for `kernel`. */
function kernelResults(rows: readonly ModelRow[], kernel: ProtocolKernel): CellResult[] {
  return rows.flatMap((row) => (row.status === 'trained' ? row.cells.filter(isCellResult).filter((c) => c.kernel === kernel) : []));
}

/** The oracle's score on `kernel` if every cell agrees on it; undefined if there are none, 'inconsistent' if they differ. */
function commonOracle(rows: readonly ModelRow[], kernel: ProtocolKernel): CellResult | 'inconsistent' | undefined {
  const cells = kernelResults(rows, kernel);
  if (cells.length === 0) return undefined;
  return cells.every((c) => Math.abs(c.oracleLogLikelihood - cells[0].oracleLogLikelihood) <= ORACLE_TOLERANCE) ? cells[0] : 'inconsistent';
}

function scoreCell(row: TrainedRow, kernel: ProtocolKernel): string {
  const cell = row.cells.find((c) => c.kernel === kernel);
  if (cell === undefined) return 'pending';
  if (!isCellResult(cell)) return 'evaluation failed (see notes)';
  const gap = cell.oracleLogLikelihood - cell.logLikelihood;
  const beatsOracle = cell.standardError !== null && -gap > ORACLE_MARGIN * cell.standardError;
  return `${formatScore(cell.logLikelihood, cell.standardError)}<br>gap ${gap.toFixed(3)}${beatsOracle ? ' ⚠ above the oracle' : ''}`;
}

function stepsCell(row: TrainedRow): string {
  const { training } = row;
  if (!('completedSteps' in training.log)) return `best ${steps(training.bestStep)} of ${steps(training.plannedSteps)} planned`;
  return `best ${steps(training.bestStep)}<br>run ${steps(training.log.completedSteps)} of ${steps(training.plannedSteps)}`;
}

function wallTimeCell(row: TrainedRow): string {
  const { log } = row.training;
  if (!('totalSeconds' in log)) return 'not recorded';
  return `${formatDuration(log.secondsToCheckpoint)} to best<br>${formatDuration(log.totalSeconds)} run`;
}

function publishedCell(row: ModelRow): string {
  if (row.published === null) return row.model.startsWith('tnp-kr') ? 'none for this protocol' : 'none in models.md';
  return `${publishedFigure(row.published.rbf)} / ${publishedFigure(row.published.matern)} (${row.published.status})`;
}

function tableRow(row: ModelRow, kernels: readonly ProtocolKernel[]): string {
  if (row.status === 'trained') {
    const parameters = steps(row.parameters) + (row.fixedParameters > 0 ? ` (+ ${steps(row.fixedParameters)} fixed)` : '');
    const cells = [`${row.model} (${row.preset})`, row.metric, parameters, stepsCell(row), wallTimeCell(row), ...kernels.map((k) => scoreCell(row, k)), publishedCell(row)];
    return `| ${cells.join(' | ')} |`;
  }
  const what = row.status === 'not trained yet' ? 'not trained yet' : 'not evaluated (see notes)';
  return `| ${[row.model, '–', '–', what, '–', ...kernels.map(() => what), publishedCell(row)].join(' | ')} |`;
}

function oracleRow(rows: readonly ModelRow[], kernels: readonly ProtocolKernel[]): string {
  const cells = kernels.map((kernel) => {
    const oracle = commonOracle(rows, kernel);
    if (oracle === undefined) return '–';
    if (oracle === 'inconsistent') return 'differs between models (see notes)';
    return formatScore(oracle.oracleLogLikelihood, oracle.oracleStandardError);
  });
  return `| oracle GP (exact posterior, known hyper-parameters) | marginal per point | – | – | – | ${cells.join(' | ')} | – |`;
}

/** One note per fact a reader of the table needs about a row (failures, unusable checkpoints, missing logs, …). */
function rowNotes(row: ModelRow): string[] {
  if (row.status === 'not trained yet') return [`${row.model}: no checkpoint ${row.file} yet.`];
  if (row.status === 'unusable') return [`${row.model}: checkpoint ${row.file} not used: ${row.reason}.`];
  const notes = row.cells.filter((c) => !isCellResult(c)).map((c) => `${row.model} on ${KERNEL_TITLES[c.kernel]}: evaluation failed: ${'error' in c ? c.error : ''}`);
  const { log } = row.training;
  if ('notRecorded' in log) notes.push(`${row.model}: training wall time and steps run not recorded: ${log.notRecorded}${log.file === null ? '' : ` (${log.file})`}.`);
  else if (log.laterBest !== null) {
    notes.push(`${row.model}: the run went on after this checkpoint; its log has a better validation score (${log.laterBest.logLikelihood.toFixed(3)}) at step ${steps(log.laterBest.step)}.`);
  }
  return notes;
}

function provenanceRow(row: TrainedRow, kernels: readonly ProtocolKernel[]): string {
  const seconds = kernels.map((k) => {
    const cell = row.cells.find((c) => c.kernel === k);
    return cell !== undefined && isCellResult(cell) ? formatDuration(cell.seconds) : '–';
  });
  const logFile = row.training.log.file ?? '–';
  const validation = row.training.validationLogLikelihood === null ? '–' : row.training.validationLogLikelihood.toFixed(3);
  return `| ${row.model} | ${row.file} | \`${row.sha256.slice(0, 12)}\` | ${row.training.backend ?? 'not recorded'} | ${validation} | ${logFile} | ${seconds.join(' | ')} |`;
}

/** The Markdown report of `doc`. */
export function renderModelTable(doc: ModelTableDocument): string {
  const { kernels, rows } = doc;
  const backends = [...new Set(rows.flatMap((r) => (r.status === 'trained' ? r.cells.filter(isCellResult).map((c) => c.backend) : [])))];
  const inconsistent = kernels.filter((k) => commonOracle(rows, k) === 'inconsistent');
  const notes = [
    ...rows.flatMap(rowNotes),
    ...inconsistent.map((k) => `The oracle scores on ${KERNEL_TITLES[k]} differ between models: their cells were not scored on the same tasks (cached under another version of the task sampler?); rerun with --fresh.`),
  ];
  const trained = rows.filter((r): r is TrainedRow => r.status === 'trained');
  const lines = [
    '# Neural-process models on the standard 1-D GP protocol',
    '',
    `Generated by \`${doc.command}\` (scripts/bench-models.ts).`,
    '',
    `* Machine: ${doc.machine}; 1-minute load average ${doc.loadAverage.start.toFixed(1)} at the start, ${doc.loadAverage.end.toFixed(1)} at the end.`,
    `* Date: ${doc.date}; TensorFlow.js ${doc.tfjsVersion}; evaluation backend ${backends.length === 0 ? 'none (nothing evaluated)' : backends.join(', ')}.`,
    `* Evaluation: protocol ${doc.protocol} (models.md §9.2), ${steps(doc.batches)} batches × 16 tasks per kernel, evaluation-set seed ${doc.seed}.`,
    '  Batch k of a kernel is drawn from `Rng(seed).fork(k)`, so every model and the oracle are scored on the very same',
    '  tasks; the training and validation batches come from other streams of the training seed.',
    '* Training: every model on RBF tasks of the same protocol (Matérn-5/2 and periodic tasks are out of distribution),',
    '  checkpoints `<model>-gp1d` (files under Provenance), kept at their best validation score.',
    '',
    '## Target log-likelihood (higher is better)',
    '',
    'Each score is the mean over batches of the batch-mean target log-likelihood, ± its standard error over batches;',
    '"gap" is the oracle\'s score on the same tasks minus the model\'s. Steps: the best checkpoint\'s step, and the',
    'steps the run has completed of those planned. Wall time: cumulative training seconds from the run log (steps and',
    'validations over all sessions, not the time between sessions) up to the best step and for the whole run.',
    '',
    `| model (preset) | metric | parameters | training steps | training wall time | ${kernels.map((k) => KERNEL_TITLES[k]).join(' | ')} | published RBF / Matérn-5/2 (approximate, unverified) |`,
    `|${' --- |'.repeat(6 + kernels.length)}`,
    oracleRow(rows, kernels),
    ...rows.map((row) => tableRow(row, kernels)),
    '',
    '* Published figures: models.md §9.2, for models trained on RBF with the authors\' code and paper-size',
    '  configurations (±: apparently the spread over 5 training runs); they are second-hand and unverified, and our',
    '  models use the preset in the first column, so compare trends, not digits. TNP-KR has no published figure for',
    '  this protocol; periodic figures are published for none.',
    '* Every row is a per-point marginal log-likelihood (no joint or autoregressive scores), comparable with the',
    '  oracle row and with the published rows, which are marginal per point as well.',
    `* A model above the oracle by more than ${ORACLE_MARGIN} standard errors would signal a bug (models.md §9.3); such a cell is marked ⚠.`,
  ];
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes.map((n) => `* ${n}`));
  if (trained.length > 0) {
    lines.push(
      '',
      '## Provenance',
      '',
      `| model | checkpoint | weights SHA-256 | training backend | best validation LL | run log | ${kernels.map((k) => `${KERNEL_TITLES[k]} eval time`).join(' | ')} |`,
      `|${' --- |'.repeat(6 + kernels.length)}`,
      ...trained.map((row) => provenanceRow(row, kernels)),
    );
  }
  return `${lines.join('\n')}\n`;
}
