/**
 * The environment's lock: a lease that serialises deploys and rollbacks, so that of two rollbacks
 * started together exactly one acts and the other is told who holds it.
 *
 * Taking it is one conditional PutItem that succeeds only if there is no lock item, it was released,
 * or its lease has expired (the DynamoDB Lock Client's protocol; AWS "Distributed locking with the
 * DynamoDB Lock Client"). Each acquisition gets a random owner token; renew and release are
 * conditional on it, so a holder whose lease lapsed and was taken over cannot renew or release the
 * new holder's lock. A crashed holder's lock frees itself when the lease expires; `breakLock` is for
 * on-call who cannot wait.
 *
 * Expiry compares the acquirer's clock with the holder's, so hosts' clocks must agree to well within
 * a lease (NTP does; pick leases of tens of seconds, renewed every third of a lease by `keepAlive`).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Type } from '@sinclair/typebox';
import { checkInput, LedgerError, requireRecord } from './ledger-errors';
import {
  EnvironmentSchema,
  keyOf,
  keys,
  LockRecordSchema,
  readItem,
  RecordIdSchema,
  TextSchema,
  toItem,
  type LockRecord,
  type UnreadableItem,
} from './ledger-records';
import type { LedgerTable } from './ledger-table';

export interface LockRequest {
  /** The operation (from `begin`) that takes the lock. */
  operationId: string;
  actor: string;
  /** Default: this machine's hostname and this process's pid. */
  host?: string;
  pid?: number;
  /** How long the lock holds without a renew. */
  leaseMs: number;
}

const LockRequestSchema = Type.Object(
  {
    operationId: RecordIdSchema,
    actor: TextSchema,
    host: Type.Optional(TextSchema),
    pid: Type.Optional(Type.Integer({ minimum: 0 })),
    leaseMs: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
  },
  { additionalProperties: false },
);

export interface LockHandle {
  /** The lock as this handle last wrote it. */
  readonly record: LockRecord;
  /** Extends the lease by `leaseMs` from now; `lock_lost` if it was taken over, broken or released. */
  renew(): Promise<LockRecord>;
  /** Releases the lock (stopping `keepAlive`); `lock_lost` if it is no longer ours. Safe to repeat. */
  release(): Promise<void>;
  /** Renews every leaseMs/3 until `release()`; calls `onLost` once if the lease is lost. */
  keepAlive(onLost: (error: LedgerError) => void): void;
}

export interface Locks {
  acquireLock(environment: string, request: LockRequest): Promise<LockHandle>;
  /** The lock item as stored (possibly released or expired: see `releasedAt`, `expiresAt`), or undefined. */
  readLock(environment: string): Promise<LockRecord | undefined>;
  /**
   * Removes the lock whoever holds it, for on-call after a crash (the caller audits it with the
   * reason). With `operationId`, only if that operation still holds it, so a lock just taken by a
   * new operation is not broken by mistake. Returns the lock that was removed.
   */
  breakLock(environment: string, reason: string, options?: { operationId?: string }): Promise<LockRecord | UnreadableItem | undefined>;
}

const ACQUIRE_ATTEMPTS = 3;

export function createLocks(table: LedgerTable, now: () => Date): Locks {
  const keyFor = (environment: string) => ({ pk: keys.partition(environment), sk: keys.lock });
  const read = async (environment: string): Promise<LockRecord | undefined> => {
    const item = await table.get(keyFor(environment));
    return item && requireRecord(LockRecordSchema, item, table.name);
  };
  const held = (lock: LockRecord | undefined): lock is LockRecord => !!lock && !lock.releasedAt && lock.expiresAt > now().toISOString();

  function handle(initial: LockRecord): LockHandle {
    const key = keyFor(initial.environment);
    let record = initial;
    let timer: NodeJS.Timeout | undefined;
    let beat: Promise<void> | undefined;

    const lost = async (action: string): Promise<LedgerError> => {
      const current = await read(record.environment).catch(() => undefined);
      const ours = `operation ${record.operationId}'s lock of ${record.environment}`;
      const what = !current
        ? `${ours} was broken`
        : current.owner !== record.owner
        ? `${ours} was taken over by ${describeHolder(current)} after its lease expired at ${record.expiresAt}`
        : `${ours} was already released at ${current.releasedAt}`;
      return new LedgerError(
        'lock_lost',
        `Cannot ${action}: ${what}`,
        'Stop: another operation may be changing this environment. Check its history before running again.',
        { holder: current },
      );
    };

    const renew = async (): Promise<LockRecord> => {
      const at = now();
      const renewed = await table.update(
        key,
        { renewedAt: at.toISOString(), expiresAt: new Date(at.getTime() + record.leaseMs).toISOString() },
        { expression: '#owner = :owner AND attribute_not_exists(#releasedAt)', values: { owner: record.owner } },
      );
      if (!renewed) throw await lost('renew');
      record = requireRecord(LockRecordSchema, renewed, table.name);
      return record;
    };

    return {
      get record() {
        return record;
      },
      renew,
      async release() {
        clearInterval(timer);
        await beat;
        const at = now().toISOString();
        // Conditional on the owner only, so a release retried after a lost response succeeds again.
        const released = await table.update(
          key,
          { releasedAt: at, expiresAt: at },
          { expression: '#owner = :owner', values: { owner: record.owner } },
        );
        if (!released) throw await lost('release');
        record = requireRecord(LockRecordSchema, released, table.name);
      },
      keepAlive(onLost) {
        clearInterval(timer);
        timer = setInterval(() => {
          beat ??= renew()
            .then(() => undefined)
            .catch((error: LedgerError) => {
              // A throttled or unreachable table is retried at the next beat while the lease still runs.
              if (error.code !== 'lock_lost' && now().toISOString() < record.expiresAt) return;
              clearInterval(timer);
              onLost(error);
            })
            .finally(() => (beat = undefined));
        }, Math.max(1, Math.floor(record.leaseMs / 3)));
        timer.unref();
      },
    };
  }

  return {
    readLock: async (environment) => read(checkInput(EnvironmentSchema, environment, 'environment')),

    async acquireLock(environment, request) {
      checkInput(EnvironmentSchema, environment, 'environment');
      const input = checkInput(LockRequestSchema, request, `lock request for ${environment}`);
      const owner = randomUUID();
      let current: LockRecord | undefined;
      for (let attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt += 1) {
        const at = now();
        const record: LockRecord = {
          environment,
          owner,
          operationId: input.operationId,
          actor: input.actor,
          host: input.host ?? os.hostname(),
          pid: input.pid ?? process.pid,
          leaseMs: input.leaseMs,
          acquiredAt: at.toISOString(),
          renewedAt: at.toISOString(),
          expiresAt: new Date(at.getTime() + input.leaseMs).toISOString(),
        };
        const free = 'attribute_not_exists(#pk) OR attribute_exists(#releasedAt) OR #expiresAt <= :now';
        if (await table.put(toItem(keyFor(environment), record), { expression: free, values: { now: record.acquiredAt } })) return handle(record);
        current = await read(environment);
        if (current?.owner === owner) return handle(current); // our own put, retried by the SDK after a lost response
        if (held(current)) break;
        // Released or expired between our put and our read: try again.
      }
      throw new LedgerError(
        'lock_held',
        current ? `${environment} is locked by ${describeHolder(current)}` : `${environment}'s lock kept changing hands; not acquired`,
        current
          ? `Wait for that operation to finish. If its process died, the lock frees itself at ${current.expiresAt}; on-call can break it sooner.`
          : 'Run the command again.',
        { holder: current },
      );
    },

    async breakLock(environment, reason, options = {}) {
      checkInput(EnvironmentSchema, environment, 'environment');
      checkInput(TextSchema, reason, 'reason for breaking the lock');
      const guard = options.operationId ? { expression: '#operationId = :operationId', values: { operationId: options.operationId } } : undefined;
      const { deleted, item: removed } = await table.delete(keyFor(environment), guard);
      if (!deleted) {
        const current = await read(environment);
        if (!current) return undefined; // nothing to break
        throw new LedgerError(
          'lock_held',
          `${environment}'s lock is held by ${describeHolder(current)}, not by operation ${options.operationId}: not broken`,
          'Check history first: the operation you meant to unlock is not the one holding the lock.',
          { holder: current },
        );
      }
      if (!removed) return undefined;
      const parsed = readItem(LockRecordSchema, removed);
      return 'record' in parsed ? parsed.record : { kind: 'unreadable', key: keyOf(removed), problem: parsed.problem };
    },
  };
}

/** "alice on ci-runner-7 (pid 4242), operation 2025…-1a2b, since …, lease until …" */
export function describeHolder(lock: LockRecord): string {
  return `${lock.actor} on ${lock.host} (pid ${lock.pid}), operation ${lock.operationId}, since ${lock.acquiredAt}, lease until ${lock.expiresAt}`;
}
