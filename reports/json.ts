/**
 * gate.json: the whole run for tools, with every screenshot replaced by its file name (relative to
 * the report folder) instead of inline bytes.
 */
import type { BehaviourRow, JourneyResult } from '../checks';
import type { GateRun, GateSide } from '../ops';
import { screenshotsOf, type ScreenshotPage } from './screenshots';

/** Bumped when a field changes meaning or goes away, so tools reading gate.json can tell. */
export const GATE_JSON_FORMAT = 'stripe-config-gate/1';

/** A journey result as gate.json holds it: screenshots by file name. */
export type JourneyResultJson = Omit<JourneyResult, 'evidence'> & { evidence?: Partial<Record<`${ScreenshotPage}Page`, string>> };

export function gateJson(run: GateRun): string {
  const environments = run.environments.map((report) => ({
    ...report,
    rows: report.rows.map((row) => rowJson(report.environment, row)),
  }));
  return `${JSON.stringify({ format: GATE_JSON_FORMAT, ...run, environments }, null, 2)}\n`;
}

function rowJson(environment: string, row: BehaviourRow) {
  return {
    ...row,
    candidate: resultJson(environment, 'candidate', row.candidate),
    ...(row.baseline ? { baseline: resultJson(environment, row.baseline === row.candidate ? 'candidate' : 'live', row.baseline) } : {}),
  };
}

function resultJson(environment: string, side: GateSide, result: JourneyResult): JourneyResultJson {
  const { evidence, ...rest } = result;
  if (!evidence) return rest;
  const files = Object.fromEntries(screenshotsOf(environment, side, result).map((shot) => [`${shot.page}Page`, shot.file]));
  return { ...rest, evidence: files };
}
