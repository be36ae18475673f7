/**
 * What on-call runs, loadable without the rest of ops/: the rollback command and what its output
 * needs. ops/index.ts loads every workflow (gate, deploy, Terraform's bindings, the checks and the
 * Stripe SDK with them); the CLI's `rollback` enters here instead, so that nothing the label move
 * does not use loads before it (docs/ARCHITECTURE.md, "Each command loads only what it uses").
 */
export { rollbackCommand, type RollbackCommandOptions } from '../rollback-command';
export type { RollbackMove, RollbackReport } from '../rollback';
export { formatChange } from '../diff';
