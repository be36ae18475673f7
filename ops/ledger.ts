/**
 * The ledger: the operational truth that CI runners and on-call laptops share, in AWS next to the
 * secrets. Audit trail (intent before acting, outcome after), the per-environment lock, the hold,
 * and gate attestations, in one DynamoDB table.
 *
 * Why DynamoDB: a conditional write (`attribute_not_exists`, `owner = :token`, `expiresAt <= :now`)
 * is an atomic compare-and-set on one item, which is all a once-only audit record, a lease lock and
 * a hold need (AWS DynamoDB Developer Guide, "Condition expressions"; Terraform's S3 backend locked
 * state with a DynamoDB item until 1.10). It is on-demand, durable across AZs, reachable from CI
 * and laptops with the same IAM credentials as Secrets Manager, and has a maintained emulator
 * (dynalite) for the embedded default.
 *
 * Why no transactions: dynalite has no TransactWriteItems (UnknownOperationException), and none is
 * needed: every record is one item, and the order "intent written, then act, then outcome" gives
 * crash safety (an intent without an outcome reads as `outcome: 'unknown'`). Key design: see
 * ledger-records.ts and docs/ARCHITECTURE.md.
 */
import os from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Type, type Static } from '@sinclair/typebox';
import { checkInput, LedgerError } from './ledger-errors';
import { createAttestations, type Attestations } from './ledger-attestations';
import { createHolds, type Holds } from './ledger-hold';
import { createLocks, type Locks } from './ledger-lock';
import {
  CLOSED_INPUT,
  EnvironmentSchema,
  keys,
  newRecordId,
  OperationIntentSchema,
  OperationOutcomeSchema,
  readOperation,
  RecordIdSchema,
  toItem,
  type OperationIntent,
  type OperationOutcome,
  type UnreadableItem,
} from './ledger-records';
import { openLedgerTable } from './ledger-table';

export interface LedgerOptions {
  client: DynamoDBClient;
  tableName: string;
  /** The clock of every timestamp and lease decision (default: the system clock). */
  now?: () => Date;
  /** Items per Query page (default 100). */
  pageSize?: number;
}

const IntentInputSchema = Type.Composite(
  [
    Type.Pick(OperationIntentSchema, ['action', 'environment', 'actor', 'reason', 'fromVersionId', 'toVersionId', 'details']),
    Type.Partial(Type.Pick(OperationIntentSchema, ['operationId', 'host', 'pid', 'forced'])),
  ],
  CLOSED_INPUT,
);
/**
 * What the caller says about an operation before it acts; host and pid default to this process, forced to false,
 * operationId to a new one (ops/operation.ts passes the id under which it already took the lock).
 */
export type IntentInput = Static<typeof IntentInputSchema>;

const OutcomeInputSchema = Type.Omit(OperationOutcomeSchema, ['finishedAt'], CLOSED_INPUT);
export type OutcomeInput = Static<typeof OutcomeInputSchema>;

/** Names an operation: what `begin` returned. */
export type OperationRef = Pick<OperationIntent, 'environment' | 'operationId'>;
const OperationRefSchema = Type.Object({ environment: EnvironmentSchema, operationId: RecordIdSchema });

/** An operation in history; `outcome: 'unknown'` when the process stopped between intent and outcome. */
export type OperationEntry = OperationIntent & { kind: 'operation'; outcome: OperationOutcome | 'unknown' };
export type HistoryEntry = OperationEntry | UnreadableItem;

export interface Ledger extends Locks, Holds, Attestations {
  readonly tableName: string;
  /** Records the intent before acting; never overwrites. Returns the record, whose operationId names it. */
  begin(intent: IntentInput): Promise<OperationIntent>;
  /** Records the outcome once; `outcome_recorded` if one is already there, `operation_unknown` without an intent. */
  finish(operation: OperationRef, outcome: OutcomeInput): Promise<OperationEntry>;
  /** The environment's operations, newest first; a malformed item is listed as unreadable, never thrown. */
  history(environment: string, options?: { limit?: number }): Promise<HistoryEntry[]>;
}

export function createLedger(options: LedgerOptions): Ledger {
  const table = openLedgerTable(options.client, options.tableName);
  const now = options.now ?? (() => new Date());
  const pageSize = options.pageSize ?? 100;
  const operationKey = (ref: OperationRef) => ({ pk: keys.partition(ref.environment), sk: keys.operation(ref.operationId) });

  return {
    tableName: options.tableName,
    ...createLocks(table, now),
    ...createHolds(table, now),
    ...createAttestations(table, now, pageSize),

    async begin(intent) {
      const input = checkInput(IntentInputSchema, intent, 'operation intent');
      const at = now();
      const record: OperationIntent = {
        ...input,
        operationId: input.operationId ?? newRecordId(at),
        host: input.host ?? os.hostname(),
        pid: input.pid ?? process.pid,
        forced: input.forced ?? false,
        startedAt: at.toISOString(),
      };
      if (await table.put(toItem(operationKey(record), record), { expression: 'attribute_not_exists(#pk)' })) return record;
      const stored = await table.get(operationKey(record));
      const read = stored && readOperation(stored);
      if (
        read &&
        'record' in read &&
        read.record.startedAt === record.startedAt &&
        read.record.pid === record.pid &&
        read.record.host === record.host
      ) {
        return record; // our own put, retried by the SDK after a lost response
      }
      throw new LedgerError(
        'ledger_failed',
        `Operation id ${record.operationId} of ${record.environment} is already taken in table "${table.name}"`,
        'Run the command again.',
      );
    },

    async finish(operation, outcome) {
      const ref = checkInput(OperationRefSchema, { environment: operation.environment, operationId: operation.operationId }, 'operation');
      const recorded: OperationOutcome = {
        ...checkInput(OutcomeInputSchema, outcome, `outcome of operation ${ref.operationId}`),
        finishedAt: now().toISOString(),
      };
      const updated = await table.update(
        operationKey(ref),
        { outcome: recorded },
        { expression: 'attribute_exists(#pk) AND attribute_not_exists(#outcome)' },
      );
      const item = updated ?? (await table.get(operationKey(ref)));
      if (!item) {
        throw new LedgerError(
          'operation_unknown',
          `No intent recorded for operation ${ref.operationId} of ${ref.environment} in table "${table.name}"`,
          'Record the intent with begin() before acting.',
        );
      }
      const read = readOperation(item);
      if ('kind' in read)
        throw new LedgerError(
          'record_invalid',
          `Ledger table "${table.name}": item ${read.key.pk} / ${read.key.sk} is not a valid operation: ${read.problem}`,
        );
      const entry: OperationEntry = { ...read.record, kind: 'operation', outcome: read.record.outcome ?? 'unknown' };
      const stored = read.record.outcome;
      if (updated || (stored && sameOutcome(stored, recorded))) return entry; // the second: our own update, retried by the SDK after a lost response
      throw new LedgerError(
        'outcome_recorded',
        `Operation ${ref.operationId} of ${ref.environment} already has its outcome: ${stored?.status} at ${stored?.finishedAt}${
          stored?.detail ? ` (${stored.detail})` : ''
        }`,
        'An outcome is written once; record a new operation for what happened since.',
      );
    },

    async history(environment, { limit = 50 } = {}) {
      checkInput(EnvironmentSchema, environment, 'environment');
      checkInput(Type.Integer({ minimum: 1 }), limit, 'history limit');
      const entries: HistoryEntry[] = [];
      for await (const item of table.query(keys.partition(environment), keys.operation(''), { pageSize, limit })) {
        const read = readOperation(item);
        entries.push('kind' in read ? read : { ...read.record, kind: 'operation', outcome: read.record.outcome ?? 'unknown' });
      }
      return entries;
    },
  };
}

function sameOutcome(a: OperationOutcome, b: OperationOutcome): boolean {
  return a.status === b.status && a.detail === b.detail && a.liveVersionAfter === b.liveVersionAfter;
}
