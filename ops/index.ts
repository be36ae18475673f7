export { openWorkspace, PROJECT_ROOT, type Workspace } from './workspace';
export {
  openTargets,
  localSecretsManagerClient,
  keySetEnvironmentVariable,
  targetRequestFor,
  type TargetKind,
  type TargetRequest,
  type Targets,
} from './targets';
export { verifyAwsAccount, type AwsPlace, type CallerIdentity } from './aws-account';
export { startLocalWorld, EMBEDDED_ACCOUNTS, EMBEDDED_KEY_SETS, type LocalAccount, type LocalKeys, type LocalWorld } from './local-world';
export { verifyKeySetsToWrite } from './key-sets';
export { keySetsToWrite, keySetVersionToken, writeKeySetMaterial, writeKeySets, type KeySetWrite, type PendingKeySet } from './key-set-material';
export {
  canaryCommand,
  checkCommand,
  deployCommand,
  driftCommand,
  gateCommand,
  historyCommand,
  holdCommand,
  releaseCommand,
  rollbackCommand,
  statusCommand,
  unlockCommand,
  type ReasonCommandOptions,
  synthCommand,
  type CommandOptions,
  type DeployCommandOptions,
  type RollbackCommandOptions,
} from './commands';
export { gateEnvironments, type GateOptions, type GateProgressEvent, type GateReport, type GateSide } from './gate';
export { gateRunVerdict, gateStop, redactGateRun, type GateRun, type GateRunVerdict, type GateStop } from './gate-run';
export { decideGate, worstVerdict, type GateVerdict, type KeySetCheck } from './gate-verdict';
export {
  attestationOf,
  deployIdentity,
  describeRefusal,
  documentSha256,
  judgeAttestation,
  keySetFingerprint,
  planDifferences,
  type AttestationRefusal,
  type DeployIdentity,
} from './attestation';
export { driftOf, type DriftReport } from './drift';
export { deployEnvironment, type DeployOptions, type DeployReport } from './deploy';
export { rollbackEnvironment, type RollbackMove, type RollbackOptions, type RollbackReport } from './rollback';
export { runChecks, type CheckRun } from './checks';
export { canaryEnvironment, canaryStatus, type CanaryReport, type CanaryStatus } from './canary';
export { candidateChecks, smokeChecks, type DocumentChecks } from './check-policy';
export { synthesizeInWorkspace } from './synth';
export { readDocumentVersion, findLabelHolders, type DeployedDocument, type LabelHolders } from './deployed';
export { documentChanges, formatChange, type FieldChange } from './diff';
export {
  describePlan,
  findProviderMirror,
  terraformApply,
  terraformDestroy,
  terraformInit,
  terraformOutput,
  terraformPlan,
  terraformDiesWithUs,
  terraformEnvironment,
  stateLockOf,
  writeTerraformCliConfig,
  type PlanSummary,
  type TerraformContext,
} from './terraform';
// The old file trail: nothing writes it any more (deploy and rollback record to the ledger); bench/rollback.ts still reads it.
export { redact, mask } from './redact';
export { createLedger, type Ledger, type LedgerOptions, type IntentInput, type OutcomeInput, type OperationRef, type OperationEntry, type HistoryEntry } from './ledger';
export { type HoldInput } from './ledger-hold';
export { type AttestationInput } from './ledger-attestations';
export { LedgerError, type LedgerErrorCode } from './ledger-errors';
export { describeHolder, type LockHandle, type LockRequest } from './ledger-lock';
export {
  OPERATION_ACTIONS,
  OUTCOME_STATUSES,
  sameFingerprints,
  type AttestationRecord,
  type HoldRecord,
  type LockRecord,
  type OperationIntent,
  type OperationOutcome,
  type UnreadableItem,
} from './ledger-records';
export { LEDGER_TABLE, ensureLedgerTable, localDynamoDBClient, openLocalLedger, startLocalDynamoDB, type LocalDynamoDB, type LocalLedger } from './ledger-local';
export { environmentHistory, type EnvironmentHistory, type VersionEntry } from './history';
export { environmentStatus, type EnvironmentStatus, type LiveDocument } from './status';
export { assertNotOnHold, describeHold, holdEnvironment, releaseEnvironment, unlockEnvironment, type ReasonedChange } from './hold';
export { planRollback, type RollbackPlan, type RollbackPlanInput } from './rollback-target';
export {
  runOperation,
  currentActor,
  type Operation,
  type OperationAction,
  type OperationRequest,
  type OperationResult,
  type OperationSettings,
} from './operation';
export { OpsError, type CommandErrorCode, type OpsErrorCode } from './errors';
