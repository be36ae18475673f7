/**
 * Deploy: apply the stack with Terraform, read the live document back and compare it byte for byte
 * with the rendered one, then run the smoke subset. A failed smoke rolls back by itself.
 */
import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { locationOf, type ValidatedEnvironment } from '../config';
import type { JourneyResult } from '../checks';
import { appendAudit, currentActor } from './audit';
import { candidateChecks, smokeChecks, type DocumentChecks } from './check-policy';
import { OpsError } from './errors';
import { findLabelHolders, readDocumentVersion } from './deployed';
import { keySetsToWrite, writeKeySets } from './key-set-material';
import { rollbackEnvironment, type RollbackReport } from './rollback';
import { synthesizeInWorkspace } from './synth';
import type { Targets } from './targets';
import { terraformApply, terraformInit } from './terraform';
import type { Workspace } from './workspace';

export interface DeployReport {
  environment: string;
  /** Version that was AWSCURRENT before, if any. */
  previousVersionId?: string;
  versionId: string;
  durationMs: number;
  smoke: JourneyResult[];
  smokePassed: boolean;
  /** Set when the smoke failed and the previous version was restored. */
  rolledBack?: RollbackReport;
}

export interface DeployOptions {
  /** Checks the candidate must pass before anything is applied; default the policy's candidate checks (every journey); false: none. */
  precheck?: DocumentChecks | false;
  /** Checks of the live document after apply, a failure rolls back; default the policy's smoke subset; false: none. */
  smoke?: DocumentChecks | false;
}

export async function deployEnvironment(
  environment: ValidatedEnvironment,
  targets: Targets,
  workspace: Workspace,
  options: DeployOptions = {},
): Promise<DeployReport> {
  const started = Date.now();
  const location = locationOf(environment);
  const client = targets.secretsManager(location.region);
  const secretId = location.configSecretId;
  // A first deploy finds no secret yet; any other failure to read it is a real problem.
  const before = await findLabelHolders(client, secretId).catch((error: unknown) => {
    if (error instanceof ResourceNotFoundException) return { current: undefined };
    throw error;
  });

  const precheck = options.precheck ?? candidateChecks(targets, environment);
  const smoke = options.smoke ?? smokeChecks(targets, location.region, undefined, location.testMode);

  if (precheck) {
    const failed = (await precheck(environment.rendered.document)).filter((result) => result.verdict !== 'pass');
    if (failed.length > 0) {
      throw new OpsError(
        'checks_failed',
        `${environment.environment}: the candidate fails its checks; nothing was applied\n  ${failed
          .map((result) => `${result.title}: expected ${result.expected}, got ${result.actual} (${result.verdict})`)
          .join('\n  ')}`,
        `Run \`stripe-config gate ${environment.environment}\` for the full comparison with the deployed settings.`,
      );
    }
  }

  const [stack] = synthesizeInWorkspace([environment], workspace, targets.stackTarget);
  const context = await targets.terraformContext(environment, stack.directory);
  const keySets = await keySetsToWrite(environment, client, (keySet) => targets.keyMaterial(environment, keySet));
  await terraformInit(context);
  await terraformApply(context);
  await writeKeySets(client, keySets);

  const live = await readDocumentVersion(client, secretId);
  if (!live || live.json !== environment.rendered.json) {
    appendAudit(workspace.auditLog, {
      at: new Date(started).toISOString(),
      action: 'deploy',
      environment: environment.environment,
      actor: currentActor(),
      outcome: 'failed',
      detail: 'read-back mismatch',
    });
    throw new OpsError(
      'deploy_verification_failed',
      `${environment.environment}: after apply, AWSCURRENT of ${secretId} is ${live ? `version ${live.versionId}` : 'missing'} and does not hold the rendered document`,
      'If this environment was rolled back, the config still matches the version Terraform tracks; change the config (or revert the bad change) and deploy again.',
    );
  }

  const smoked = smoke ? await smoke(environment.rendered.document) : [];
  const smokePassed = smoked.every((result) => result.verdict === 'pass');
  appendAudit(workspace.auditLog, {
    at: new Date(started).toISOString(),
    action: 'deploy',
    environment: environment.environment,
    actor: currentActor(),
    ...(before.current ? { from: before.current } : {}),
    to: live.versionId,
    durationMs: Date.now() - started,
    outcome: smokePassed ? 'ok' : 'failed',
    ...(smokePassed ? {} : { detail: 'smoke journeys failed' }),
  });
  let rolledBack: RollbackReport | undefined;
  if (!smokePassed && before.current && before.current !== live.versionId) {
    rolledBack = await rollbackEnvironment(location, targets, workspace, { reason: 'automatic: smoke failed after deploy', smoke });
  }
  return {
    environment: environment.environment,
    ...(before.current ? { previousVersionId: before.current } : {}),
    versionId: live.versionId,
    durationMs: Date.now() - started,
    smoke: smoked,
    smokePassed,
    ...(rolledBack ? { rolledBack } : {}),
  };
}
