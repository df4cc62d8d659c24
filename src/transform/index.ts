/** The value operators of Veil: compile one from its config, apply it, and reveal what is reversible. */
export type { Operator, Row } from './operator.js';
export { operatorConfig, type OperatorConfig, type OperatorInput } from './config.js';
export {
  compileOperator,
  operatorNames,
  parseOperatorConfig,
  type OperatorDeps,
  type OperatorName,
} from './registry.js';
export { reveal, type RevealOptions, type RevealResult } from './reveal.js';
