import { describe, expect, it } from 'vitest';
import { summariseRunLog } from '../../../src/bench/np-models/run-log.js';

const line = (step: number, seconds: number, validation?: { logLikelihood: number; best: boolean }): string =>
  JSON.stringify({ step, loss: 0.5, lr: 1e-4, gradNorm: 1, seconds, ...(validation === undefined ? {} : { validation: { ...validation, oracleLogLikelihood: 1.5 } }) });

const LOG = [
  line(50, 10),
  line(100, 21, { logLikelihood: 0.4, best: true }),
  line(150, 30),
  line(200, 42.5, { logLikelihood: 0.7, best: true }),
  line(250, 51),
  line(300, 63, { logLikelihood: 0.6, best: false }),
  line(320, 70.25),
].join('\n');

describe('summariseRunLog', () => {
  it('reads the steps run and the cumulative seconds, in total and at the checkpoint', () => {
    expect(summariseRunLog(`${LOG}\n`, { step: 200, logLikelihood: 0.7 })).toEqual({
      completedSteps: 320, totalSeconds: 70.25, secondsToCheckpoint: 42.5, laterBest: null,
    });
  });

  it('reports a better validation logged after the checkpoint (the run went on)', () => {
    expect(summariseRunLog(LOG, { step: 100, logLikelihood: 0.4 }).laterBest).toEqual({ step: 200, logLikelihood: 0.7 });
  });

  it('drops a last line cut short by a writer, but not a broken line in the middle', () => {
    const cut = `${LOG}\n{"step":340,"lo`;
    expect(summariseRunLog(cut, { step: 200, logLikelihood: 0.7 }).completedSteps).toBe(320);
    const broken = LOG.replace(line(150, 30), '{"step":150,');
    expect(() => summariseRunLog(broken, { step: 200, logLikelihood: 0.7 })).toThrow('run log: line 3 is not JSON');
  });

  it("refuses a log that is not the checkpoint's", () => {
    expect(() => summariseRunLog(LOG, { step: 400, logLikelihood: 0.7 })).toThrow("run log: no line at the checkpoint's step 400");
    expect(() => summariseRunLog(LOG, { step: 200, logLikelihood: 0.71 })).toThrow(
      "run log: step 200 does not record the checkpoint's best validation 0.71 (logged: 0.7)",
    );
    expect(() => summariseRunLog(LOG, { step: 300, logLikelihood: 0.6 })).toThrow('(logged: 0.6, not best)');
    expect(() => summariseRunLog(LOG, { step: 150, logLikelihood: 0.6 })).toThrow('(logged: no validation)');
  });

  it('rejects an empty log and records without step or seconds', () => {
    expect(() => summariseRunLog('\n', { step: 1, logLikelihood: 0 })).toThrow('run log: no records');
    expect(() => summariseRunLog(`{"step":1}\n${line(2, 1)}`, { step: 2, logLikelihood: 0 })).toThrow(
      "run log: line 1 has no integer 'step' and finite 'seconds'",
    );
  });
});
