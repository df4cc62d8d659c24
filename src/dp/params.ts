import { UsageError } from '../core/errors.js';

/**
 * Validation of privacy parameters. Every mechanism and query calls these before touching data,
 * so a bad ε or δ is a usage error, never a silently weaker guarantee.
 */

export function checkEpsilon(epsilon: number, where = 'epsilon'): number {
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0) {
    throw new UsageError('epsilon must be a finite number > 0', { where, hint: 'e.g. --epsilon 1' });
  }
  return epsilon;
}

export function checkDelta(delta: number, where = 'delta'): number {
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta < 0 || delta >= 1) {
    throw new UsageError('delta must be a number in [0, 1)', {
      where,
      hint: 'use a delta well below 1/(number of subjects), e.g. 1e-6',
    });
  }
  return delta;
}

export function checkRho(rho: number, where = 'rho'): number {
  if (typeof rho !== 'number' || !Number.isFinite(rho) || rho <= 0) {
    throw new UsageError('rho must be a finite number > 0', { where, hint: 'e.g. rho 0.5' });
  }
  return rho;
}

export function checkSensitivity(sensitivity: number, where = 'sensitivity'): number {
  if (!Number.isFinite(sensitivity) || sensitivity <= 0) {
    throw new UsageError('sensitivity must be a finite number > 0', {
      where,
      hint: 'bound contributions and clamp values so the sensitivity is finite',
    });
  }
  return sensitivity;
}

export function checkPositiveInteger(value: number, where: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${where} must be a positive integer`, { where, hint: 'e.g. 1' });
  }
  return value;
}
