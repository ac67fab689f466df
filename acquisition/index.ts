/**
 * Acquisitions of tnpbo (`tnpbo/acquisition`): log-EI (default), EI, PI, UCB, Thompson sampling, and the two
 * acquisition searches (multi-start L-BFGS-B and batched candidate search).
 */

export { ExpectedImprovement } from './ei.js';
export { LogExpectedImprovement } from './logei.js';
export { ImprovementAcquisition, PointwiseAcquisition, type ImprovementOptions, type PointValue } from './pointwise.js';
export { createMaximizer, maximizeAcquisition, type MaximizeOptions } from './maximize.js';
export { CANDIDATE_SEARCH_DEFAULTS, searchCandidates, type CandidateSearchOptions } from './candidate-search.js';
export { ProbabilityOfImprovement } from './pi.js';
export { ThompsonSampling, type ThompsonOptions } from './ts.js';
export { UpperConfidenceBound, type UcbOptions } from './ucb.js';
