/**
 * Drift: is what is live (AWSCURRENT) what the code would deploy? And when it is not, is the
 * difference a rollback the code has not caught up with: the usual state after an incident, when
 * the fix is to revert the change in git before the hold is released, not to deploy over it.
 */
import { locationOf, type ValidatedEnvironment } from '../config';
import { readDocumentVersion } from './deployed';
import { documentChanges, type FieldChange } from './diff';
import type { HistoryEntry, OperationEntry } from './ledger';
import type { HoldRecord } from './ledger-records';
import type { Targets } from './targets';

export interface DriftReport {
  environment: string;
  secretId: string;
  /** same: AWSCURRENT holds exactly the rendered bytes; differs; not-deployed: no AWSCURRENT. */
  status: 'same' | 'differs' | 'not-deployed';
  /** AWSCURRENT's version, when there is one. */
  liveVersionId?: string;
  /** Field by field from what is live to what the code renders (empty when live is not a valid document). */
  changes: FieldChange[];
  /** The live version is not a valid runtime document (so no field diff). */
  liveInvalid?: boolean;
  /** The operation that made AWSCURRENT what it is, when it was a rollback. */
  rollback?: {
    operationId: string;
    actor: string;
    at: string;
    reason?: string;
    toVersionId: string;
    fromVersionId?: string;
    /** The code still renders the document of the version that was rolled back away from. */
    codeRendersRolledBackVersion: boolean;
  };
  hold?: HoldRecord;
  /** One sentence: what to do about it. */
  summary: string;
}

export async function driftOf(environment: ValidatedEnvironment, targets: Targets): Promise<DriftReport> {
  const { environment: name, region, configSecretId: secretId } = locationOf(environment);
  const client = targets.secretsManager(region);
  const ledger = targets.ledger(region);
  const [live, hold] = await Promise.all([readDocumentVersion(client, secretId), ledger.getHold(name)]);
  const base = { environment: name, secretId, ...(hold ? { hold } : {}) };
  if (!live) {
    return { ...base, status: 'not-deployed', changes: [], summary: `${name} is not deployed: ${secretId} has no AWSCURRENT version` };
  }
  const where = { liveVersionId: live.versionId, ...(live.document ? {} : { liveInvalid: true }) };
  if (live.json === environment.rendered.json) {
    return { ...base, ...where, status: 'same', changes: [], summary: `${name}: AWSCURRENT (${live.versionId}) holds exactly what the code renders` };
  }

  const changes = live.document ? documentChanges(live.document, environment.rendered.document) : [];
  const made = madeCurrentBy(await ledger.history(name, { limit: 50 }), live.versionId);
  if (made?.action === 'rollback') {
    const left = made.fromVersionId ? await readDocumentVersion(client, secretId, { versionId: made.fromVersionId }) : undefined;
    const codeRendersRolledBackVersion = left?.json === environment.rendered.json;
    const rollback = {
      operationId: made.operationId,
      actor: made.actor,
      at: made.startedAt,
      ...(made.reason ? { reason: made.reason } : {}),
      toVersionId: live.versionId,
      ...(made.fromVersionId ? { fromVersionId: made.fromVersionId } : {}),
      codeRendersRolledBackVersion,
    };
    const what = `${name} was rolled back to ${live.versionId} by ${made.actor} at ${made.startedAt}${made.reason ? ` (${made.reason})` : ''}`;
    const summary = codeRendersRolledBackVersion
      ? `${what}; the code still renders ${made.fromVersionId}'s document: revert the change in git, then release`
      : `${what}; the code renders a document that is neither: gate it, release, then deploy it`;
    return { ...base, ...where, status: 'differs', changes, rollback, summary };
  }
  return {
    ...base,
    ...where,
    status: 'differs',
    changes,
    summary: `${name}: AWSCURRENT (${live.versionId}) differs from what the code renders: gate and deploy the code, or find who changed it (stripe-config history ${name})`,
  };
}

/** The newest operation that left `versionId` current (a deploy or a rollback), from history, newest first. */
function madeCurrentBy(history: readonly HistoryEntry[], versionId: string): OperationEntry | undefined {
  for (const entry of history) {
    if (entry.kind !== 'operation' || entry.outcome === 'unknown') continue;
    if (entry.action !== 'deploy' && entry.action !== 'rollback') continue;
    if (entry.outcome.liveVersionAfter === versionId) return entry;
  }
  return undefined;
}
