export { openWorkspace, PROJECT_ROOT, type Workspace } from './workspace';
export {
  openTargets,
  localSecretsManagerClient,
  keySetEnvironmentVariable,
  type TargetKind,
  type TargetOptions,
  type Targets,
} from './targets';
export { startLocalWorld, EMBEDDED_ACCOUNTS, type LocalAccount, type LocalWorld } from './local-world';
export {
  checkCommand,
  deployCommand,
  gateCommand,
  historyCommand,
  rollbackCommand,
  synthCommand,
  type CommandOptions,
  type RollbackCommandOptions,
} from './commands';
export { gateEnvironments, type GateOptions, type GateReport } from './gate';
export { deployEnvironment, type DeployOptions, type DeployReport } from './deploy';
export { rollbackEnvironment, type RollbackOptions, type RollbackReport } from './rollback';
export { runChecks, type CheckRun } from './checks';
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
  writeTerraformCliConfig,
  type PlanSummary,
  type TerraformContext,
} from './terraform';
export { appendAudit, readAudit, type AuditRecord } from './audit';
export { redact, mask } from './redact';
export { environmentHistory, type EnvironmentHistory, type VersionEntry } from './history';
export { OpsError, type CommandErrorCode, type OpsErrorCode } from './errors';
