import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** One line of the audit trail: who did what to which environment, from which version to which. */
export interface AuditRecord {
  at: string;
  action: 'deploy' | 'rollback';
  environment: string;
  actor: string;
  from?: string;
  to?: string;
  durationMs?: number;
  reason?: string;
  outcome: 'ok' | 'failed';
  detail?: string;
}

export function appendAudit(file: string, record: AuditRecord): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

export function readAudit(file: string): AuditRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord);
}

export { currentActor } from './operation';
