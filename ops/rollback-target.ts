/**
 * Where a rollback goes, and whether it may go at all, decided under the lock from what is live and
 * what the ledger says. Never a toggle: the version being left, and every version a rollback has
 * left before, are never a default target; an environment already rolled back (on hold) is not
 * rolled back again without `--to`.
 *
 * Default target: the newest version that a deploy put live with a passing smoke (outcome `ok`),
 * not rolled back away from since, whose document is valid. With no deploy in the ledger at all (an
 * environment deployed before the ledger existed), AWSPREVIOUS, and the plan says so.
 */
import { OpsError } from './errors';
import type { DeployedDocument, LabelHolders } from './deployed';
import type { OperationEntry } from './ledger';
import type { HoldRecord } from './ledger-records';
import type { RuntimeDocument } from '../runtime';

export interface RollbackPlanInput {
  environment: string;
  secretId: string;
  labels: LabelHolders;
  /** Every version of the config secret (ids and creation times). */
  versions: ReadonlyArray<{ versionId: string; createdAt?: Date }>;
  /** The environment's readable operations, newest first. */
  operations: readonly OperationEntry[];
  hold?: HoldRecord;
  /** The version the operator saw as AWSCURRENT. */
  from?: string;
  /** version id | git sha | deploy time. */
  to?: string;
  read(versionId: string): Promise<DeployedDocument | undefined>;
}

export interface RollbackPlan {
  from: string;
  to: string;
  /** Why this target, in words. */
  why: string;
  /** The document being left (undefined when it is not valid). */
  leaving?: RuntimeDocument;
  /** The target's document, validated (undefined only when to === from: nothing moves). */
  target?: RuntimeDocument;
}

const refuse = (message: string, hint?: string) => new OpsError('rollback_refused', message, hint);

export async function planRollback(input: RollbackPlanInput): Promise<RollbackPlan> {
  const { environment, secretId, labels, operations } = input;
  const current = labels.current;
  if (!current) throw refuse(`${environment}: ${secretId} has no AWSCURRENT version; nothing is deployed`);
  if (input.from && input.from !== current) {
    throw new OpsError(
      'rollback_conflict',
      `${environment}: AWSCURRENT is ${current}, not ${input.from} as you saw it: ${movedBy(operations, current)}; nothing was changed`,
      `Check \`stripe-config status ${environment}\`; if rolling back from ${current} is still right, run again with --from ${current}.`,
    );
  }
  const rolledBack = input.hold && operations.find((entry) => entry.operationId === input.hold!.operationId && entry.action === 'rollback');
  if (rolledBack && !input.to) {
    const hold = input.hold!;
    throw refuse(
      `${environment} is already rolled back to ${rolledBack.toVersionId ?? '?'} by ${hold.actor} at ${hold.at} (${rolledBack.reason ?? hold.reason}); on hold, and AWSCURRENT is ${current}`,
      `Nothing to do if that is where it should be. To go to another version: --to <version-id | git sha | deploy time>; to let deploys in again: stripe-config release ${environment} --reason "…".`,
    );
  }
  const chosen = input.to ? resolveTo(input, input.to) : await defaultTarget(input, current);
  if (chosen.to === current) return { from: current, to: current, why: chosen.why };

  const [leaving, target] = await Promise.all([input.read(current), input.read(chosen.to)]);
  if (!target?.document) {
    const problems = target ? target.problems.map((problem) => `${problem.path} ${problem.message}`).join('; ') : 'it cannot be read';
    throw refuse(
      input.to
        ? `${environment}: version ${chosen.to} is not a valid runtime document (${problems}); refusing to make it current`
        : `${environment}: the previous version ${chosen.to} is not a valid runtime document; refusing to make it current`,
      'Pick another version with --to (`stripe-config history` lists them).',
    );
  }
  return { from: current, to: chosen.to, why: chosen.why, leaving: leaving?.document, target: target.document };
}

async function defaultTarget(input: RollbackPlanInput, current: string): Promise<{ to: string; why: string }> {
  const { environment, secretId, labels, operations } = input;
  const rolledAway = new Set([current, ...operations.filter((entry) => entry.action === 'rollback' && changedMaybe(entry)).flatMap((entry) => entry.fromVersionId ?? [])]);
  const deploys = operations.filter((entry) => entry.action === 'deploy');
  if (deploys.length === 0) {
    if (!labels.previous) throw nothingBefore(environment, secretId, current);
    if (rolledAway.has(labels.previous)) {
      throw refuse(
        `${environment}: AWSPREVIOUS is ${labels.previous}, which a rollback already left (${movedBy(operations, labels.previous, 'from')}); refusing to re-apply it`,
        'Name the version to go to with --to <version-id | git sha | deploy time> (`stripe-config history` lists them).',
      );
    }
    return { to: labels.previous, why: `no deploy of ${environment} is recorded in the ledger: AWSPREVIOUS, the version before the current one` };
  }
  const known = new Set(input.versions.map((version) => version.versionId));
  const skipped: string[] = [];
  for (const deploy of deploys) {
    const version = deployedVersion(deploy);
    if (!version || deploy.outcome === 'unknown' || deploy.outcome.status !== 'ok' || rolledAway.has(version) || !known.has(version)) continue;
    const read = await input.read(version);
    if (!read?.document) {
      skipped.push(`${version} (not a valid runtime document)`);
      continue;
    }
    return {
      to: version,
      why: `the last version deployed with a passing smoke (by ${deploy.actor} at ${deploy.outcome.finishedAt}) and not rolled back away from${
        skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : ''
      }`,
    };
  }
  // One version only (the first deploy): say that plainly rather than what the ledger lacks.
  if (!labels.previous && input.versions.every((version) => version.versionId === current)) throw nothingBefore(environment, secretId, current);
  throw refuse(
    `${environment}: no earlier version was deployed with a passing smoke and not rolled back away from${skipped.length > 0 ? ` (skipped ${skipped.join(', ')})` : ''}`,
    'Name the version to go to with --to <version-id | git sha | deploy time> (`stripe-config history` lists them).',
  );
}

/** `--to`: a version id, else a git commit a deploy recorded, else a time (the version live from a deploy at or before it). */
function resolveTo(input: RollbackPlanInput, to: string): { to: string; why: string } {
  if (input.versions.some((version) => version.versionId === to)) return { to, why: `--to ${to}` };
  if (/^[0-9a-f]{7,40}$/.test(to)) {
    const deploy = input.operations.find((entry) => entry.action === 'deploy' && String(entry.details?.gitCommit ?? '').startsWith(to) && deployedVersion(entry));
    if (deploy) return { to: deployedVersion(deploy)!, why: `--to ${to}: deployed from git commit ${String(deploy.details?.gitCommit)} by ${deploy.actor} at ${deploy.startedAt}` };
  }
  const time = /^\d{4}-\d{2}-\d{2}/.test(to) ? Date.parse(to) : Number.NaN;
  if (!Number.isNaN(time)) {
    const version = [...input.versions]
      .filter((entry) => entry.createdAt && entry.createdAt.getTime() <= time)
      .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime())[0];
    if (version) return { to: version.versionId, why: `--to ${to}: the version deployed at or before then (created ${version.createdAt!.toISOString()})` };
  }
  throw new OpsError(
    'usage',
    `${input.environment}: --to ${to}: no version id, deployed git commit or deploy time of ${input.secretId} matches`,
    `Versions: ${input.versions.map((version) => version.versionId).join(', ') || 'none'} (\`stripe-config history ${input.environment}\`).`,
  );
}

/** The version a deploy made live. */
function deployedVersion(entry: OperationEntry): string | undefined {
  return (entry.outcome !== 'unknown' ? entry.outcome.liveVersionAfter : undefined) ?? entry.toVersionId;
}

/** A rollback that moved the label, or may have (it stopped without an outcome). */
function changedMaybe(entry: OperationEntry): boolean {
  return entry.outcome === 'unknown' || entry.outcome.status === 'ok' || entry.outcome.status === 'changed-then-failed';
}

/** "moved there by alice at … (rollback: INC-123)", from the newest operation that made `version` live (or left it). */
export function movedBy(operations: readonly OperationEntry[], version: string, side: 'to' | 'from' = 'to'): string {
  const entry = operations.find((candidate) =>
    side === 'from'
      ? candidate.fromVersionId === version && changedMaybe(candidate)
      : (candidate.outcome !== 'unknown' && candidate.outcome.liveVersionAfter === version) || (candidate.toVersionId === version && changedMaybe(candidate)),
  );
  if (!entry) return side === 'from' ? 'not recorded in the ledger' : 'who put it there is not recorded in the ledger';
  // When the label moved is known only as "by the time the operation finished" (a deploy applies for
  // seconds after it starts); an operation without an outcome says when it started, and no more.
  const when = entry.outcome === 'unknown' ? `in an operation started at ${entry.startedAt}` : `at ${entry.outcome.finishedAt}`;
  const outcome = entry.outcome === 'unknown' ? ', outcome unknown' : '';
  return `${side === 'from' ? 'left' : 'moved there'} by ${entry.actor} ${when} (${entry.action}${entry.reason ? `: ${entry.reason}` : ''}${outcome})`;
}

function nothingBefore(environment: string, secretId: string, current: string): OpsError {
  return refuse(`${environment}: nothing to roll back to: ${secretId} has no AWSPREVIOUS version (current is ${current})`, 'A rollback needs an earlier deploy of this environment.');
}
