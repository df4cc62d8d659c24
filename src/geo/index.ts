/** Location privacy: pure operators, cloaking and trajectory risk (no I/O; readers live in src/engine/traces.ts). */
export {
  buildGeoOperator,
  geoOperatorConfig,
  type GeoOperator,
  type GeoOperatorConfig,
  type GeoValue,
} from './operators.js';
export { planarLaplace, laplaceRadius, laplaceRadiusCdf } from './laplace.js';
export { lambertWm1 } from './lambertw.js';
export { geohashEncode, geohashBounds, geohashCentre } from './geohash.js';
export { latLngToCell, latLngToCellKey, cellKeyToCell } from './h3.js';
export { snapToGrid, type BoundingBox } from './grid.js';
export { CryptoRandom, SeededRandom, type RandomSource } from './random.js';
export { TraceBuilder, tracesFromPoints, type TracePoint, type Traces } from './trace.js';
export { traceUnicity, type UnicityOptions, type UnicityReport } from './unicity.js';
export { inferAnchors, compareAnchors, type SubjectAnchors } from './anchors.js';
export { cloakTraces, type CloakOptions, type CloakResult } from './cloak.js';
export { applyGeoOperators, protectTraces } from './protect.js';
export { traceRisk, type RiskReport, type RiskOptions } from './risk.js';
export { syntheticTraces } from './synthetic.js';
