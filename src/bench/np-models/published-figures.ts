/**
 * Published target log-likelihoods of the standard 1-D GP protocol (models.md §9.2), for the rows of the model
 * table. Every figure there is second-hand or recalled and marked unverified; TNP-KR has no figure for this
 * protocol, so its variants have no entry.
 */

import type { ModelName } from '../../../surrogates/models/config.js';

/** One published number: the mean and, where models.md gives it, the ± (apparently the std over 5 training runs). */
export interface PublishedFigure {
  /** Target log-likelihood. */
  readonly value: number;
  /** The ± next to it, when quoted. */
  readonly spread?: number;
}

/** A model's published figures on RBF and Matérn-5/2 tasks (all models trained on RBF). */
export interface PublishedFigures {
  readonly rbf: PublishedFigure;
  readonly matern: PublishedFigure;
  /** How much the figures can be trusted, in models.md's words. */
  readonly status: string;
}

/** models.md §9.2's published figures for the models of the table that have them. */
export const PUBLISHED_GP_STANDARD: Readonly<Partial<Record<ModelName, PublishedFigures>>> = {
  'tnp-d': { rbf: { value: 1.39, spread: 0 }, matern: { value: 0.95, spread: 0.01 }, status: 'approximate, unverified' },
  cmanp: {
    rbf: { value: 1.24, spread: 0.01 },
    matern: { value: 0.8, spread: 0.01 },
    status: 'CMANP paper Table 4 as quoted by a third-party reproduction, unverified',
  },
  cnp: { rbf: { value: 0.26 }, matern: { value: 0.04 }, status: 'approximate, unverified' },
  np: { rbf: { value: 0.27 }, matern: { value: 0.07 }, status: 'approximate, unverified' },
};
