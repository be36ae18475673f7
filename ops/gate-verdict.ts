/**
 * What the gate concludes for one environment, from its behaviour rows and key checks. Every
 * verdict maps to one exit code (cli/main.ts), so CI and people read the same answer:
 *
 * - pass (0): no journey changes what customers experience, or every change was accepted with a reason
 * - blocked (1): a journey broke (regression), or nothing is live and a journey fails, or a key set
 *   fails its verification
 * - not-accepted (3): customers would notice a change, and nobody accepted it (`--accept "<reason>"`)
 * - undecided (4): a journey could not be judged (Stripe or the browser failed); never a pass on doubt
 */
import type { BehaviourRow, KeySetCheck } from '../checks';

/** One key set's read-only verification (checks/key-verification.ts). */
export type { KeySetCheck };

export type GateVerdict = 'pass' | 'blocked' | 'not-accepted' | 'undecided';

export interface GateDecisionOptions {
  /** Pass despite inconclusive journeys, but only when the keys and the smoke journeys were judged. */
  allowInconclusive?: boolean;
  /** Accept every behaviour change, for this reason (a reviewer approved them). */
  accept?: string;
  /** Journeys that must have been judged for --allow-inconclusive to apply (the keys check and the smoke subset). */
  essential: readonly string[];
}

export interface GateDecision {
  verdict: GateVerdict;
  /** Why it is not a pass, one line each, naming the journey or key set and what customers would see. */
  reasons: string[];
  /** Journeys whose change was accepted, with the reason. */
  accepted?: { reason: string; journeys: string[] };
}

export function decideGate(rows: readonly BehaviourRow[], keySets: readonly KeySetCheck[], options: GateDecisionOptions): GateDecision {
  const blocking = [
    ...rows.filter((row) => row.verdict === 'regression' || row.verdict === 'failing').map((row) => `${row.verdict}: ${row.title}: ${row.explanation}`),
    ...keySets.filter((check) => check.verdict === 'fail').map((check) => `key set ${check.keySet}: ${check.detail}`),
  ];
  if (blocking.length > 0) return { verdict: 'blocked', reasons: blocking };

  const doubtful = [
    ...rows.filter((row) => row.verdict === 'inconclusive').map((row) => ({ id: row.journey, line: `inconclusive: ${row.title}: ${row.explanation}` })),
    ...keySets.filter((check) => check.verdict === 'inconclusive').map((check) => ({ id: `key-set:${check.keySet}`, line: `inconclusive: key set ${check.keySet}: ${check.detail}` })),
  ];
  const judged = rows.some((row) => row.verdict !== 'inconclusive');
  const essentialDoubt = doubtful.filter((doubt) => options.essential.includes(doubt.id) || doubt.id.startsWith('key-set:'));
  if (doubtful.length > 0 && (!options.allowInconclusive || !judged || essentialDoubt.length > 0)) {
    const why = options.allowInconclusive ? ['--allow-inconclusive does not cover the keys, the key sets or the smoke journeys, nor a run where nothing was judged'] : [];
    return { verdict: 'undecided', reasons: [...doubtful.map((doubt) => doubt.line), ...why] };
  }

  const changed = rows.filter((row) => row.verdict === 'changed');
  if (changed.length === 0) return { verdict: 'pass', reasons: [] };
  if (!options.accept) {
    return {
      verdict: 'not-accepted',
      reasons: changed.map((row) => `changed: ${row.title}: ${row.explanation}`),
    };
  }
  return { verdict: 'pass', reasons: [], accepted: { reason: options.accept, journeys: changed.map((row) => row.journey) } };
}

/** Several environments: the most serious answer wins (blocked over undecided over not-accepted over pass). */
export function worstVerdict(verdicts: readonly GateVerdict[]): GateVerdict {
  const order: GateVerdict[] = ['blocked', 'undecided', 'not-accepted', 'pass'];
  return order.find((verdict) => verdicts.includes(verdict)) ?? 'pass';
}
