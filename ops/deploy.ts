/**
 * Deploy, bound to the gate: only the document bytes and key material a passing gate judged, only
 * the plan it saw, under the environment's lock, recorded before it acts and after.
 *
 *   refuse: on hold · no passing attestation for these bytes and key-set fingerprints (unless forced)
 *   plan -out → same resources and actions as the attested plan → apply exactly that saved plan
 *   read AWSCURRENT back byte for byte → smoke → on a failed or impossible smoke: roll back by
 *   itself (its own rollback operation in the ledger), put the environment on hold, and say
 *   "changed, then …" (outcome `changed-then-failed`).
 */
import path from 'node:path';
import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { locationOf, type ValidatedEnvironment } from '../config';
import type { JourneyResult } from '../checks';
import { deployIdentity, describeRefusal, judgeAttestation, planDifferences, type DeployIdentity } from './attestation';
import { appendAudit, currentActor } from './audit';
import { smokeChecks, type DocumentChecks } from './check-policy';
import { OpsError } from './errors';
import { findLabelHolders, readDocumentVersion } from './deployed';
import type { Ledger } from './ledger';
import type { AttestationRecord, OperationIntent, OperationOutcome } from './ledger-records';
import { rollbackEnvironment, type RollbackReport } from './rollback';
import { synthesizeInWorkspace } from './synth';
import type { Targets } from './targets';
import { terraformApply, terraformInit, terraformPlan, type PlanSummary } from './terraform';
import type { Workspace } from './workspace';

export interface DeployReport {
  environment: string;
  /** The ledger operation of this deploy. */
  operationId: string;
  /** Deployed without a passing attestation, for this reason. */
  forced?: string;
  /** Version that was AWSCURRENT before, if any. */
  previousVersionId?: string;
  versionId: string;
  durationMs: number;
  plan: PlanSummary;
  smoke: JourneyResult[];
  smokePassed: boolean;
  /** `ok`, or `changed-then-failed`: applied and verified, then the smoke failed or could not run. */
  outcome: 'ok' | 'changed-then-failed';
  /** What happened after the change, in one sentence, when the outcome is not `ok`. */
  detail?: string;
  /** Why the smoke did not pass: journeys failed, or it could not run (Chromium, Stripe). */
  smokeFailure?: 'failed' | 'could-not-run';
  /** Set when the smoke failed and the previous version was restored. */
  rolledBack?: RollbackReport;
  /** Set when the deploy put the environment on hold (after a failed smoke). */
  hold?: { reason: string };
}

export interface DeployOptions {
  /** Checks the candidate must pass before anything is applied (default none: the gate's attestation stands for them). */
  precheck?: DocumentChecks | false;
  /** Checks of the live document after apply, a failure rolls back; default the policy's smoke subset; false: none. */
  smoke?: DocumentChecks | false;
  /** Why, for the ledger (required with `force`). */
  reason?: string;
  /** Deploy without a passing attestation (recorded in the intent as forced, with `reason`). The hold still applies. */
  force?: boolean;
  /** The lock's lease (default 60 s), renewed every third of it while the deploy runs. */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 60_000;

export async function deployEnvironment(
  environment: ValidatedEnvironment,
  targets: Targets,
  workspace: Workspace,
  options: DeployOptions = {},
): Promise<DeployReport> {
  const started = Date.now();
  const name = environment.environment;
  const location = locationOf(environment);
  const client = targets.secretsManager(location.region);
  const ledger = targets.ledger(location.region);
  const secretId = location.configSecretId;
  const actor = currentActor();
  const force = Boolean(options.force);
  const reason = options.reason?.trim();
  if (force && !reason) throw new OpsError('usage', 'deploy --force needs --reason "…": a forced deploy is recorded with why');

  // A first deploy finds no secret yet; any other failure to read it is a real problem.
  const before = await findLabelHolders(client, secretId).catch((error: unknown) => {
    if (error instanceof ResourceNotFoundException) return { current: undefined };
    throw error;
  });
  const identity = await deployIdentity(environment, targets);
  const intent = await ledger.begin({
    action: 'deploy',
    environment: name,
    actor,
    ...(reason ? { reason } : {}),
    forced: force,
    ...(before.current ? { fromVersionId: before.current } : {}),
    details: { documentSha256: identity.documentSha256 },
  });
  const finish = (status: OperationOutcome['status'], detail?: string, liveVersionAfter?: string) =>
    ledger.finish(intent, { status, ...(detail ? { detail } : {}), ...(liveVersionAfter ? { liveVersionAfter } : {}) });

  let lock;
  try {
    lock = await ledger.acquireLock(name, { operationId: intent.operationId, actor, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS });
  } catch (error) {
    await finish('refused', (error as Error).message);
    throw error;
  }
  let lost: Error | undefined;
  lock.keepAlive((error) => (lost = error));
  try {
    const attested = await bindToGate(environment, identity, ledger, intent, force).catch(async (error: unknown) => {
      await finish('refused', (error as Error).message);
      throw error;
    });
    const smoke = options.smoke ?? smokeChecks(targets, location.region, undefined, location.testMode);
    if (options.precheck) await precheckCandidate(environment, options.precheck, finish);

    const [stack] = synthesizeInWorkspace([environment], workspace, targets.stackTarget);
    const context = await targets.terraformContext(environment, stack.directory);
    const planFile = path.join(stack.directory, 'deploy.tfplan');
    let plan: PlanSummary;
    try {
      await terraformInit(context);
      plan = await terraformPlan(context, { out: planFile });
      const differences = attested ? planDifferences(attested.planSummary, plan) : [];
      if (differences.length > 0) {
        throw new OpsError(
          'deploy_refused',
          `${name}: the plan is not the one the gate saw (${attested!.createdAt}); nothing was applied\n  ${differences.join('\n  ')}`,
          `Something changed since the gate (another deploy, a rollback, the stack's state): run \`stripe-config gate ${name}\` again, then deploy.`,
        );
      }
    } catch (error) {
      await finish('refused', (error as Error).message);
      throw error;
    }
    if (lost) {
      await finish('failed', `the environment's lock was lost before applying: ${(lost as Error).message}`);
      throw lost;
    }

    try {
      await terraformApply(context, { plan: planFile });
    } catch (error) {
      // Terraform may have written some resources before failing: say what is live now.
      const live = await readDocumentVersion(client, secretId).catch(() => undefined);
      const changed = live && live.versionId !== before.current;
      await finish(changed ? 'changed-then-failed' : 'failed', (error as Error).message, live?.versionId);
      throw error;
    }

    const live = await readDocumentVersion(client, secretId);
    if (!live || live.json !== environment.rendered.json) {
      const detail = `after apply, AWSCURRENT of ${secretId} is ${live ? `version ${live.versionId}` : 'missing'} and does not hold the rendered document`;
      await finish(live?.versionId !== before.current ? 'changed-then-failed' : 'failed', detail, live?.versionId);
      appendAudit(workspace.auditLog, { at: new Date(started).toISOString(), action: 'deploy', environment: name, actor, outcome: 'failed', detail: 'read-back mismatch' });
      throw new OpsError(
        'deploy_verification_failed',
        `${name}: ${detail}`,
        'If this environment was rolled back, the config still matches the version Terraform tracks; change the config (or revert the bad change) and deploy again.',
      );
    }

    const smoked = await runSmoke(smoke, environment);
    const smokePassed = smoked.failure === undefined;
    appendAudit(workspace.auditLog, {
      at: new Date(started).toISOString(),
      action: 'deploy',
      environment: name,
      actor,
      ...(before.current ? { from: before.current } : {}),
      to: live.versionId,
      durationMs: Date.now() - started,
      outcome: smokePassed ? 'ok' : 'failed',
      ...(reason ? { reason: force ? `forced: ${reason}` : reason } : {}),
      ...(smokePassed ? {} : { detail: 'smoke journeys failed' }),
    });
    const report = {
      environment: name,
      operationId: intent.operationId,
      ...(force ? { forced: reason } : {}),
      ...(before.current ? { previousVersionId: before.current } : {}),
      versionId: live.versionId,
      plan,
      smoke: smoked.results,
      smokePassed,
    };
    if (smokePassed) {
      await finish('ok', undefined, live.versionId);
      return { ...report, outcome: 'ok', durationMs: Date.now() - started };
    }

    const recovery = await recover(environment, targets, workspace, ledger, { failedDeploy: intent, from: live.versionId, to: before.current, actor, smoke });
    const detail = `AWSCURRENT was ${live.versionId} (verified); then ${smoked.failure}; ${recovery.detail}`;
    await finish('changed-then-failed', detail, recovery.liveVersionAfter);
    return {
      ...report,
      outcome: 'changed-then-failed',
      detail,
      smokeFailure: smoked.couldNotRun ? 'could-not-run' : 'failed',
      durationMs: Date.now() - started,
      ...(recovery.rolledBack ? { rolledBack: recovery.rolledBack } : {}),
      hold: { reason: recovery.holdReason },
    };
  } finally {
    await lock.release().catch(() => undefined); // a lost lock is already reported by keepAlive
  }
}

/**
 * The newest attestation for these bytes and exactly these key-set fingerprints must be a pass;
 * with --force the refusal is recorded instead. Refuses while on hold, forced or not: a hold is
 * lifted by `release`, with a reason of its own.
 */
async function bindToGate(
  environment: ValidatedEnvironment,
  identity: DeployIdentity,
  ledger: Ledger,
  intent: OperationIntent,
  force: boolean,
): Promise<AttestationRecord | undefined> {
  const name = environment.environment;
  const hold = await ledger.getHold(name);
  if (hold) {
    throw new OpsError(
      'deploy_refused',
      `${name} is on hold since ${hold.at}, set by ${hold.actor}: ${hold.reason}; nothing was applied`,
      `Find out why it was held (stripe-config history ${name}); when the cause is fixed: stripe-config release ${name} --reason "…", then deploy.`,
    );
  }
  const matching = await ledger.findAttestation(name, identity.documentSha256, { keySetFingerprints: identity.keySetFingerprints });
  const forBytes = matching ?? (await ledger.findAttestation(name, identity.documentSha256));
  const refusal = judgeAttestation(identity, matching, forBytes);
  if (!refusal) return matching;
  if (force) return undefined; // the intent says forced, with the reason
  throw new OpsError(
    'deploy_refused',
    `${describeRefusal(name, identity, refusal)}; nothing was applied (operation ${intent.operationId})`,
    `Run \`stripe-config gate ${name}\` on exactly this config and key material, then deploy. ` +
      `To deploy without a passing gate (an emergency), add --force --reason "…": it is recorded.`,
  );
}

async function precheckCandidate(
  environment: ValidatedEnvironment,
  precheck: DocumentChecks,
  finish: (status: OperationOutcome['status'], detail?: string) => Promise<unknown>,
): Promise<void> {
  const failed = (await precheck(environment.rendered.document)).filter((result) => result.verdict !== 'pass');
  if (failed.length === 0) return;
  const error = new OpsError(
    'checks_failed',
    `${environment.environment}: the candidate fails its checks; nothing was applied\n  ${failed
      .map((result) => `${result.title}: expected ${result.expected}, got ${result.actual} (${result.verdict})`)
      .join('\n  ')}`,
    `Run \`stripe-config gate ${environment.environment}\` for the full comparison with the deployed settings.`,
  );
  await finish('refused', error.message);
  throw error;
}

/** The smoke's results, and why it did not pass: failed journeys, or a smoke that could not run at all. */
async function runSmoke(
  smoke: DocumentChecks | false,
  environment: ValidatedEnvironment,
): Promise<{ results: JourneyResult[]; failure?: string; couldNotRun?: boolean }> {
  if (!smoke) return { results: [] };
  try {
    const results = await smoke(environment.rendered.document);
    const failed = results.filter((result) => result.verdict !== 'pass');
    return failed.length === 0
      ? { results }
      : { results, failure: `the smoke journeys failed: ${failed.map((result) => `${result.journey} (${result.verdict}: ${result.actual})`).join(', ')}` };
  } catch (error) {
    return { results: [], failure: `the smoke journeys could not run: ${(error as Error).message}`, couldNotRun: true };
  }
}

interface Recovery {
  detail: string;
  holdReason: string;
  liveVersionAfter?: string;
  rolledBack?: RollbackReport;
}

/**
 * After a failed smoke: restore the version that was live before (its own rollback operation in
 * the ledger, under the deploy's lock), then hold the environment so nothing re-applies the change
 * until a person releases it. A first deploy has nothing to restore: it is held as it is.
 */
async function recover(
  environment: ValidatedEnvironment,
  targets: Targets,
  workspace: Workspace,
  ledger: Ledger,
  failed: { failedDeploy: OperationIntent; from: string; to?: string; actor: string; smoke: DocumentChecks | false },
): Promise<Recovery> {
  const name = environment.environment;
  const holdReason = `automatic: the smoke failed after deploy ${failed.failedDeploy.operationId}`;
  if (!failed.to || failed.to === failed.from) {
    await ledger.setHold({ environment: name, operationId: failed.failedDeploy.operationId, actor: failed.actor, reason: holdReason });
    return { detail: `nothing was live before to roll back to: ${failed.from} stays live, on hold`, holdReason, liveVersionAfter: failed.from };
  }
  const rollback = await ledger.begin({
    action: 'rollback',
    environment: name,
    actor: failed.actor,
    reason: holdReason,
    fromVersionId: failed.from,
    toVersionId: failed.to,
    details: { automatic: true, afterDeploy: failed.failedDeploy.operationId },
  });
  let rolledBack: RollbackReport | undefined;
  let problem: string | undefined;
  try {
    rolledBack = await rollbackEnvironment(locationOf(environment), targets, workspace, { reason: holdReason, smoke: guardedSmoke(failed.smoke) });
  } catch (error) {
    problem = (error as Error).message;
  }
  const live = await readDocumentVersion(targets.secretsManager(locationOf(environment).region), locationOf(environment).configSecretId).catch(() => undefined);
  const restored = rolledBack !== undefined && live?.versionId === failed.to;
  await ledger.finish(rollback, {
    status: restored ? (rolledBack!.smokePassed ? 'ok' : 'changed-then-failed') : live?.versionId === failed.from ? 'failed' : 'changed-then-failed',
    ...(restored && rolledBack!.smokePassed ? {} : { detail: problem ?? `restored ${failed.to}; its smoke did not pass` }),
    ...(live ? { liveVersionAfter: live.versionId } : {}),
  });
  await ledger.setHold({ environment: name, operationId: rollback.operationId, actor: failed.actor, reason: holdReason });
  const detail = restored
    ? `rolled back automatically to ${failed.to} (verified${rolledBack!.smokePassed ? ', smoke passed' : ', but its smoke did not pass'}); on hold`
    : `the automatic rollback to ${failed.to} failed (${problem ?? 'AWSCURRENT did not move'}); AWSCURRENT is ${live?.versionId ?? 'unknown'}; on hold`;
  return { detail, holdReason, ...(live ? { liveVersionAfter: live.versionId } : {}), ...(rolledBack ? { rolledBack } : {}) };
}

/** The rollback's smoke, turned into an inconclusive result when it cannot run, so the restore itself is still reported. */
function guardedSmoke(smoke: DocumentChecks | false): DocumentChecks | false {
  if (!smoke) return false;
  return async (document) => {
    try {
      return await smoke(document);
    } catch (error) {
      return [{ journey: 'smoke', title: 'Smoke journeys', expected: 'the smoke subset runs', actual: `not run: ${(error as Error).message}`, verdict: 'inconclusive', durationMs: 0 }];
    }
  };
}
