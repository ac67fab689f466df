/**
 * Acquisitions of tnpbo (`tnpbo/acquisition`): log-EI (default), EI, PI, UCB, Thompson sampling, and the
 * acquisition maximiser.
 */

export { ExpectedImprovement } from './ei.js';
export { LogExpectedImprovement, type ImprovementOptions } from './logei.js';
export { createMaximizer, maximizeAcquisition, type MaximizeOptions } from './maximize.js';
export { ProbabilityOfImprovement } from './pi.js';
export { ThompsonSampling, type ThompsonOptions } from './ts.js';
export { UpperConfidenceBound, type UcbOptions } from './ucb.js';
