import { clampToBox, snapToGrid, type BoundingBox } from './grid.js';
import { lambertWm1 } from './lambertw.js';
import type { RandomSource } from './random.js';
import { destination, type LatLng } from './sphere.js';

/**
 * Planar Laplace mechanism (Andrés, Bordenabe, Chatzikokolakis, Palamidessi, CCS 2013).
 * Density D(z) ∝ exp(-ε d(x, z)) around the true point x; in polar form the angle is uniform and
 * the radius has CDF C(r) = 1 - (1 + εr) e^{-εr}, inverted exactly with the W_{-1} branch.
 * ε is per metre: two true points d metres apart give output distributions within a factor e^{εd}.
 */
export interface PlanarLaplaceOptions {
  /** Privacy per metre (ε); e.g. ln(4)/200 protects within 200 m at level ln 4. */
  epsilonPerMetre: number;
  /** Remap outputs to a public grid of this cell size (metres); the paper's discretization step. */
  gridMetres?: number;
  /** Truncate outputs to this region (closest point / grid cell inside it). */
  region?: BoundingBox;
}

/** r = C_ε^{-1}(p) = -(1/ε)(W_{-1}((p - 1)/e) + 1), for p in [0, 1). */
export function laplaceRadius(epsilonPerMetre: number, p: number): number {
  return -(lambertWm1((p - 1) / Math.E) + 1) / epsilonPerMetre;
}

/** C_ε(r) = 1 - (1 + εr) e^{-εr}: the probability that the output lies within r of the truth. */
export function laplaceRadiusCdf(epsilonPerMetre: number, r: number): number {
  const er = epsilonPerMetre * r;
  return 1 - (1 + er) * Math.exp(-er);
}

/** One polar noise draw: distance (metres) and bearing (radians). */
export function drawPolarNoise(
  epsilonPerMetre: number,
  random: RandomSource,
): { radius: number; bearing: number } {
  const bearing = random.nextDouble() * 2 * Math.PI;
  return { radius: laplaceRadius(epsilonPerMetre, random.nextDouble()), bearing };
}

/** Adds planar Laplace noise, then (optionally) truncates to the region and remaps to the grid. */
export function planarLaplace(point: LatLng, options: PlanarLaplaceOptions, random: RandomSource): LatLng {
  const { radius, bearing } = drawPolarNoise(options.epsilonPerMetre, random);
  let noisy = destination(point, radius, bearing);
  if (options.region) noisy = clampToBox(noisy, options.region);
  if (options.gridMetres !== undefined) noisy = snapToGrid(noisy, options.gridMetres, options.region);
  return noisy;
}
