/**
 * Deploy, bound to the gate: only the document bytes and key material a passing gate judged, only
 * the plan it saw, under the environment's lock, recorded before it acts and after.
 *
 *   refuse: on hold · no passing attestation for these bytes and key-set fingerprints (unless forced)
 *   plan -out → same resources and actions as the attested plan → apply exactly that saved plan →
 *   key-set material written by the SDK (ops/key-set-material.ts)
 *   read AWSCURRENT back byte for byte → smoke → on a failed or impossible smoke: roll back by
 *   itself (its own rollback operation in the ledger), put the environment on hold, and say
 *   "changed, then …" (outcome `changed-then-failed`).
 */
import path from 'node:path';
import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { locationOf, type EnvironmentLocation, type ValidatedEnvironment } from '../config';
import type { JourneyResult } from '../checks';
import { deployIdentity, describeRefusal, gitCommitOf, judgeAttestation, planDifferences, type DeployIdentity } from './attestation';
import { smokeChecks, type DocumentChecks } from './check-policy';
import { OpsError } from './errors';
import { findLabelHolders, readDocumentVersion } from './deployed';
import { assertNotOnHold } from './hold';
import { keySetsToWrite, writeKeySets } from './key-set-material';
import type { Ledger } from './ledger';
import type { AttestationRecord } from './ledger-records';
import { runOperation, type Operation } from './operation';
import { rollbackEnvironment, type RollbackReport } from './rollback';
import { synthesizeInWorkspace } from './synth';
import type { Targets } from './targets';
import { describePlan, terraformApply, terraformInit, terraformPlan, type PlanSummary } from './terraform';
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
  const force = Boolean(options.force);
  const reason = options.reason?.trim();
  if (force && !reason) throw new OpsError('usage', 'deploy --force needs --reason "…": a forced deploy is recorded with why');
  const smoke = options.smoke ?? smokeChecks(targets, location.region, undefined, location.testMode);
  const settings = { ledger, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS };

  return runOperation<DeployReport>(settings, { action: 'deploy', environment: name, forced: force, ...(reason ? { reason } : {}) }, async (op) => {
    // A first deploy finds no secret yet; any other failure to read it is a real problem.
    const before = await findLabelHolders(client, secretId).catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) return { current: undefined };
      throw error;
    });
    if (before.current) op.note({ fromVersionId: before.current }); // what was live, also on a refusal
    // Refusals first, under the lock: each is recorded as intent + outcome `refused` (ops/operation.ts).
    await assertNotOnHold(ledger, name);
    const identity = await deployIdentity(environment, targets);
    const attested = await bindToGate(name, identity, ledger, force);
    if (options.precheck) await precheckCandidate(environment, options.precheck);

    const [stack] = synthesizeInWorkspace([environment], workspace, targets.stackTarget);
    const context = await targets.terraformContext(environment, stack.directory);
    const planFile = path.join(stack.directory, 'deploy.tfplan');
    await terraformInit(context);
    const plan = await terraformPlan(context, { out: planFile });
    const differences = attested ? planDifferences(attested.planSummary, plan) : [];
    if (differences.length > 0) {
      throw new OpsError(
        'deploy_refused',
        `${name}: the plan is not the one the gate saw (${attested!.createdAt}); nothing was applied\n  ${differences.join('\n  ')}`,
        `Something changed since the gate (another deploy, a rollback, the stack's state): run \`stripe-config gate ${name}\` again, then deploy.`,
      );
    }

    // Key material is written by the SDK after apply, never through Terraform (ops/key-set-material.ts);
    // it is looked up now so that a missing key stops the deploy before anything changes.
    const keySets = await keySetsToWrite(environment, client, (keySet) => targets.keyMaterial(environment, keySet));
    const gitCommit = attested?.gitCommit ?? gitCommitOf(process.cwd());
    await op.intend({
      ...(before.current ? { fromVersionId: before.current } : {}),
      details: {
        documentSha256: identity.documentSha256,
        plan: describePlan(plan),
        ...(attested ? { attestationId: attested.attestationId } : {}),
        ...(gitCommit ? { gitCommit } : {}),
      },
    });
    op.assertLockHeld();
    try {
      await terraformApply(context, { plan: planFile });
      await writeKeySets(client, keySets);
    } catch (error) {
      // Terraform may have written some resources before failing: if AWSCURRENT moved, the change is made.
      const live = await readDocumentVersion(client, secretId).catch(() => undefined);
      if (live && live.versionId !== before.current) op.changed(`AWSCURRENT is now ${live.versionId} (not verified)`, live.versionId);
      throw error;
    }

    const live = await readDocumentVersion(client, secretId);
    if (live && live.versionId !== before.current) op.changed(`AWSCURRENT is now ${live.versionId}`, live.versionId);
    if (!live || live.json !== environment.rendered.json) {
      throw new OpsError(
        'deploy_verification_failed',
        `${name}: after apply, AWSCURRENT of ${secretId} is ${live ? `version ${live.versionId}` : 'missing'} and does not hold the rendered document`,
        'If this environment was rolled back, the config still matches the version Terraform tracks; change the config (or revert the bad change) and deploy again.',
      );
    }
    op.changed(`AWSCURRENT is now ${live.versionId} (verified)`, live.versionId);

    const smoked = await runSmoke(smoke, environment);
    const report = {
      environment: name,
      operationId: op.operationId,
      ...(force ? { forced: reason } : {}),
      ...(before.current ? { previousVersionId: before.current } : {}),
      versionId: live.versionId,
      plan,
      smoke: smoked.results,
      smokePassed: smoked.failure === undefined,
    };
    if (smoked.failure === undefined) return { value: { ...report, outcome: 'ok' as const, durationMs: Date.now() - started } };

    const recovery = await recover(location, targets, op, { from: live.versionId, to: before.current, smoke });
    const detail = `AWSCURRENT was ${live.versionId} (verified); then ${smoked.failure}; ${recovery.detail}`;
    if (recovery.liveVersionAfter) op.changed(`AWSCURRENT is now ${recovery.liveVersionAfter}`, recovery.liveVersionAfter);
    return {
      value: {
        ...report,
        outcome: 'changed-then-failed' as const,
        detail,
        smokeFailure: smoked.couldNotRun ? ('could-not-run' as const) : ('failed' as const),
        durationMs: Date.now() - started,
        ...(recovery.rolledBack ? { rolledBack: recovery.rolledBack } : {}),
        hold: { reason: recovery.holdReason },
      },
      status: 'changed-then-failed' as const,
      detail,
    };
  });
}

/**
 * The newest attestation for these bytes and exactly these key-set fingerprints must be a pass;
 * with --force the deploy goes ahead without one, and the intent says forced, with the reason.
 */
async function bindToGate(name: string, identity: DeployIdentity, ledger: Ledger, force: boolean): Promise<AttestationRecord | undefined> {
  const matching = await ledger.findAttestation(name, identity.documentSha256, { keySetFingerprints: identity.keySetFingerprints });
  const forBytes = matching ?? (await ledger.findAttestation(name, identity.documentSha256));
  const refusal = judgeAttestation(identity, matching, forBytes);
  if (!refusal) return matching;
  if (force) return undefined;
  throw new OpsError(
    'deploy_refused',
    `${describeRefusal(name, identity, refusal)}; nothing was applied`,
    `Run \`stripe-config gate ${name}\` on exactly this config and key material, then deploy. ` +
      `To deploy without a passing gate (an emergency), add --force --reason "…": it is recorded.`,
  );
}

async function precheckCandidate(environment: ValidatedEnvironment, precheck: DocumentChecks): Promise<void> {
  const failed = (await precheck(environment.rendered.document)).filter((result) => result.verdict !== 'pass');
  if (failed.length === 0) return;
  throw new OpsError(
    'checks_failed',
    `${environment.environment}: the candidate fails its checks; nothing was applied\n  ${failed
      .map((result) => `${result.title}: expected ${result.expected}, got ${result.actual} (${result.verdict})`)
      .join('\n  ')}`,
    `Run \`stripe-config gate ${environment.environment}\` for the full comparison with the deployed settings.`,
  );
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
 * After a failed smoke: restore the version that was live before, as its own rollback operation
 * under the deploy's lock (ops/rollback.ts, which also sets the hold); a first deploy has nothing
 * to restore, so it is held as it is. Either way nothing re-applies the change until a person
 * releases the hold.
 */
async function recover(
  location: EnvironmentLocation,
  targets: Targets,
  op: Operation,
  failed: { from: string; to?: string; smoke: DocumentChecks | false },
): Promise<Recovery> {
  const { environment, region, configSecretId } = location;
  const ledger = targets.ledger(region);
  const holdReason = `automatic: the smoke failed after deploy ${op.operationId}`;
  if (!failed.to || failed.to === failed.from) {
    await ledger.setHold({ environment, operationId: op.operationId, actor: op.actor, reason: holdReason });
    return { detail: `nothing was live before to roll back to: ${failed.from} stays live, on hold`, holdReason, liveVersionAfter: failed.from };
  }
  let rolledBack: RollbackReport | undefined;
  let problem: string | undefined;
  try {
    rolledBack = await rollbackEnvironment(location, targets, undefined, { reason: holdReason, to: failed.to, smoke: failed.smoke, lock: op.lock, actor: op.actor, ledger });
  } catch (error) {
    problem = (error as Error).message;
  }
  const live = await readDocumentVersion(targets.secretsManager(region), configSecretId).catch(() => undefined);
  // The rollback holds the environment once it moved the label; if it did not get that far, hold it here.
  if (!(await ledger.getHold(environment))) await ledger.setHold({ environment, operationId: op.operationId, actor: op.actor, reason: holdReason });
  const hold = await ledger.getHold(environment);
  const restored = live?.versionId === failed.to;
  const detail = restored
    ? `rolled back automatically to ${failed.to} (verified${rolledBack?.smokePassed ? ', smoke passed' : `, but its smoke did not pass${problem ? `: ${problem}` : ''}`}); on hold`
    : `the automatic rollback to ${failed.to} failed (${problem ?? 'AWSCURRENT did not move'}); AWSCURRENT is ${live?.versionId ?? 'unknown'}; on hold`;
  return { detail, holdReason: hold?.reason ?? holdReason, ...(live ? { liveVersionAfter: live.versionId } : {}), ...(rolledBack ? { rolledBack } : {}) };
}
