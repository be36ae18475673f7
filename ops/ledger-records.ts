/**
 * What the ledger stores, and how an item is written and read back.
 *
 * One table for every environment; each environment is one partition, so one Query reads its
 * history and every write touches exactly one item (conditional writes, no transactions):
 *
 *   pk = env#<environment>
 *   sk = op#<operationId>          an operation: the intent, with its outcome added later to the same item
 *        lock                      the environment's deploy/rollback lease
 *        hold                      the environment's hold (kept after release, with who/why/when)
 *        gate#<sha256>#<id>        a gate attestation for exactly those document bytes
 *
 * Ids start with the UTC time they were made, fixed width, so sort-key order is time order and
 * "newest first" is `ScanIndexForward: false`. Times are ISO 8601 UTC strings with milliseconds,
 * which DynamoDB compares byte by byte, so `expiresAt <= :now` is a time comparison.
 */
import { randomBytes } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const OPERATION_ACTIONS = ['deploy', 'rollback', 'hold', 'release', 'unlock', 'gate'] as const;
export const OUTCOME_STATUSES = ['ok', 'failed', 'refused', 'changed-then-failed'] as const;

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((value) => Type.Literal(value)));
const Text = Type.String({ minLength: 1, maxLength: 2000 });
const Time = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' });
const RecordId = Type.String({ pattern: '^\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{10}$' });
// The runtime document's rule for `environment` (runtime/document.ts), so a ledger key is always a real environment.
const Environment = Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const DetailValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export const OperationIntentSchema = Type.Object({
  operationId: RecordId,
  action: literals(OPERATION_ACTIONS),
  environment: Environment,
  actor: Text,
  host: Text,
  pid: Type.Integer({ minimum: 0 }),
  reason: Type.Optional(Text),
  fromVersionId: Type.Optional(Text),
  toVersionId: Type.Optional(Text),
  /** Acted despite a refusal (no passing attestation, a hold), with `reason`. */
  forced: Type.Boolean(),
  startedAt: Time,
  details: Type.Optional(Type.Record(Type.String(), DetailValue)),
});
export type OperationIntent = Static<typeof OperationIntentSchema>;

export const OperationOutcomeSchema = Type.Object({
  status: literals(OUTCOME_STATUSES),
  detail: Type.Optional(Text),
  /** The version that was AWSCURRENT after the operation, read back. */
  liveVersionAfter: Type.Optional(Text),
  finishedAt: Time,
});
export type OperationOutcome = Static<typeof OperationOutcomeSchema>;

const OperationItemSchema = Type.Composite([OperationIntentSchema, Type.Object({ outcome: Type.Optional(OperationOutcomeSchema) })]);

export const LockRecordSchema = Type.Object({
  environment: Environment,
  /** Random per acquisition: renew and release are conditional on it. */
  owner: Type.String({ minLength: 16 }),
  operationId: RecordId,
  actor: Text,
  host: Text,
  pid: Type.Integer({ minimum: 0 }),
  leaseMs: Type.Integer({ minimum: 1 }),
  acquiredAt: Time,
  renewedAt: Time,
  expiresAt: Time,
  releasedAt: Type.Optional(Time),
});
export type LockRecord = Static<typeof LockRecordSchema>;

export const HoldRecordSchema = Type.Object({
  environment: Environment,
  operationId: RecordId,
  actor: Text,
  reason: Text,
  at: Time,
  releasedAt: Type.Optional(Time),
  releasedBy: Type.Optional(Text),
  releaseReason: Type.Optional(Text),
});
export type HoldRecord = Static<typeof HoldRecordSchema>;

export const AttestationRecordSchema = Type.Object({
  attestationId: RecordId,
  environment: Environment,
  /** sha256 of the exact runtime document bytes the gate checked. */
  documentSha256: Sha256,
  /** Key set name → fingerprint of the key material the gate's journeys ran with. */
  keySetFingerprints: Type.Record(Type.String(), Text),
  planSummary: Type.Object({
    add: Type.Integer(),
    change: Type.Integer(),
    destroy: Type.Integer(),
    replace: Type.Integer(),
    /** Each resource the plan changes and how (`terraform plan -json` actions), so deploy can apply only this plan. */
    changes: Type.Optional(Type.Array(Type.Object({ address: Text, action: Text }))),
  }),
  verdict: literals(['pass', 'fail'] as const),
  /** The gate's own verdict (pass, blocked, not-accepted, undecided), of which only pass lets a deploy through. */
  gateVerdict: Type.Optional(Text),
  acceptedChanges: Type.Array(Type.Object({ change: Text, reason: Text, acceptedBy: Text })),
  gitCommit: Type.Optional(Type.String({ pattern: '^[0-9a-f]{7,64}$' })),
  actor: Text,
  /** The stripe-config version that judged it. */
  runtimeVersion: Type.Optional(Text),
  createdAt: Time,
});
export type AttestationRecord = Static<typeof AttestationRecordSchema>;

export const keys = {
  partition: (environment: string) => `env#${environment}`,
  operation: (operationId: string) => `op#${operationId}`,
  lock: 'lock',
  hold: 'hold',
  attestations: (documentSha256: string) => `gate#${documentSha256}#`,
};

/** A time-ordered, unique id: `20250601T101500.123Z-1a2b3c4d5e`. */
export function newRecordId(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '')}-${randomBytes(5).toString('hex')}`;
}

export interface ItemKey {
  pk: string;
  sk: string;
}

/** An item that does not parse: its key and what is wrong, so `history` can show it instead of crashing. */
export interface UnreadableItem {
  kind: 'unreadable';
  key: ItemKey;
  problem: string;
}

type Stored = string | number | boolean | null | Stored[] | { [field: string]: Stored | undefined };

/** A record as a DynamoDB item; undefined fields are left out (DynamoDB has no "undefined"). */
export function toItem(key: ItemKey, record: { [field: string]: Stored | undefined }): Record<string, AttributeValue> {
  return { pk: { S: key.pk }, sk: { S: key.sk }, ...toMap(record) };
}

export function toAttribute(value: Stored): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  return { M: toMap(value) };
}

function toMap(value: { [field: string]: Stored | undefined }): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(value).flatMap(([field, member]) => (member === undefined ? [] : [[field, toAttribute(member)]])));
}

function fromAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL) return null;
  if (value.L) return value.L.map(fromAttribute);
  if (value.M) return fromMap(value.M);
  return { unsupportedType: Object.keys(value)[0] }; // sets and binary: never written by the ledger, so reported as invalid
}

function fromMap(map: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([field, member]) => [field, fromAttribute(member)]));
}

export function keyOf(item: Record<string, AttributeValue>): ItemKey {
  return { pk: item.pk?.S ?? '(no pk)', sk: item.sk?.S ?? '(no sk)' };
}

/** Reads an item against a record schema: the record, or one line saying what is wrong (fields by path). */
export function readItem<T extends TSchema>(schema: T, item: Record<string, AttributeValue>): { record: Static<T> } | { problem: string } {
  const { pk: _pk, sk: _sk, ...fields } = fromMap(item);
  const problems = describeErrors(schema, fields, '(item)');
  return problems.length === 0 ? { record: fields as Static<T> } : { problem: problems.join('; ') };
}

/** An operation item: the intent, and the outcome when one was written. */
export function readOperation(item: Record<string, AttributeValue>): { record: OperationIntent & { outcome?: OperationOutcome } } | UnreadableItem {
  const key = keyOf(item);
  const read = readItem(OperationItemSchema, item);
  if ('problem' in read) return { kind: 'unreadable', key, problem: read.problem };
  const { record } = read;
  if (key.pk !== keys.partition(record.environment) || key.sk !== keys.operation(record.operationId)) {
    return {
      kind: 'unreadable',
      key,
      problem: `its key does not match its environment "${record.environment}" and operation id "${record.operationId}"`,
    };
  }
  return { record };
}

/** Inputs refuse unknown fields (no `outcome` smuggled into an intent); stored records accept them, so an older stripe-config reads what a newer one wrote. */
export const CLOSED_INPUT = { additionalProperties: false } as const;

export const EnvironmentSchema = Environment;
export const Sha256Schema = Sha256;
export const TextSchema = Text;
export const RecordIdSchema = RecordId;
export const TimeSchema = Time;

/** True when both name the same key sets with the same fingerprints. */
export function sameFingerprints(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => b[name] === a[name]);
}

/** One line per bad field (TypeBox reports a missing field twice: required, then wrong type). */
export function describeErrors(schema: TSchema, value: unknown, whole: string): string[] {
  const byPath = new Map<string, string>();
  for (const error of Value.Errors(schema, value)) {
    const field = error.path.slice(1) || whole;
    if (byPath.has(field)) continue;
    byPath.set(field, error.value === undefined ? `${field} is missing` : `${field} ${error.message.toLowerCase()} (got ${preview(error.value)})`);
  }
  return [...byPath.values()];
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
