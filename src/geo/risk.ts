import { compareAnchors, inferAnchors, type AnchorOptions, type AnchorRecovery } from './anchors.js';
import { protectTraces } from './protect.js';
import type { RandomSource } from './random.js';
import type { Traces } from './trace.js';
import { traceUnicity, type UnicityOptions, type UnicityReport } from './unicity.js';

/**
 * Trajectory risk: unicity for p = 1..5 and home/work inference, on the raw traces and, when a
 * protection is given, on the protected traces, so users see what the protection bought.
 */
export interface RiskOptions {
  unicity?: UnicityOptions;
  anchors?: AnchorOptions;
  /** Operator configs (as in policies) to compare against. */
  protection?: unknown[];
  random?: RandomSource;
}

export interface AnchorSummary {
  subjects: number;
  homeInferred: number;
  workInferred: number;
}

export interface RiskReport {
  points: number;
  subjects: number;
  raw: { unicity: UnicityReport; anchors: AnchorSummary };
  protected?: {
    protection: unknown[];
    unicity: UnicityReport;
    anchors: AnchorSummary;
    /** How often the attacker still finds the raw home/work cell in the protected traces. */
    home: AnchorRecovery;
    work: AnchorRecovery;
  };
}

function summarize(anchors: ReturnType<typeof inferAnchors>): AnchorSummary {
  return {
    subjects: anchors.length,
    homeInferred: anchors.filter((a) => a.home !== undefined).length,
    workInferred: anchors.filter((a) => a.work !== undefined).length,
  };
}

export function traceRisk(traces: Traces, options: RiskOptions = {}): RiskReport {
  const rawAnchors = inferAnchors(traces, options.anchors);
  const report: RiskReport = {
    points: traces.length,
    subjects: traces.subjects.length,
    raw: { unicity: traceUnicity(traces, options.unicity), anchors: summarize(rawAnchors) },
  };
  if (options.protection && options.protection.length > 0) {
    const safe = protectTraces(traces, options.protection, options.random);
    const safeAnchors = inferAnchors(safe, options.anchors);
    report.protected = {
      protection: options.protection,
      unicity: traceUnicity(safe, options.unicity),
      anchors: summarize(safeAnchors),
      home: compareAnchors(rawAnchors, safeAnchors, 'home'),
      work: compareAnchors(rawAnchors, safeAnchors, 'work'),
    };
  }
  return report;
}
