/**
 * Every change to an environment runs here, under the ledger: take the environment's lock, write
 * the intent before anything changes, act, write the outcome once. Deploy, rollback, hold, release
 * and unlock all go through `runOperation`, so none of them can change an environment unrecorded,
 * and two of them never act on one environment at once.
 *
 *   lock (lease, renewed while working, released in finally)
 *     → checks under the lock (what is live, the hold, the target): a refusal is recorded as
 *       intent + outcome `refused`
 *     → `op.intend(…)`: the intent, with the versions from and to, written before any change
 *     → the change; `op.changed(…)` once it is made and verified
 *     → the outcome: `ok`, `failed` (nothing changed), `refused`, or `changed-then-failed` (the
 *       change was made, then something after it failed: the message says what is live and what
 *       failed). A process killed in between leaves the intent alone, which history shows as
 *       "outcome unknown" with what is live now.
 *
 * A lock whose holder ran on this host and whose process is gone (kill -9) is taken over, and the
 * takeover is recorded as its own `unlock` operation; any other live lease is a refusal naming who
 * holds it, with `stripe-config unlock` as the way out when its holder is on another host.
 */
import os from 'node:os';
import { isAlive as processIsAlive } from '../emulators/shared';
import { StripeConfigError } from '../runtime/contract';
import { OpsError, type CommandErrorCode } from './errors';
import type { Ledger } from './ledger';
import { LedgerError } from './ledger-errors';
import { describeHolder, type LockHandle } from './ledger-lock';
import { newRecordId, type OperationIntent, type OperationOutcome } from './ledger-records';

export type OperationAction = 'deploy' | 'rollback' | 'hold' | 'release' | 'unlock';
type OutcomeStatus = OperationOutcome['status'];
type Details = Record<string, string | number | boolean>;
type IntentFields = { fromVersionId?: string; toVersionId?: string; details?: Details };

/** What an operation is, before it knows its versions. */
export interface OperationRequest {
  action: OperationAction;
  environment: string;
  reason?: string;
  /** Acting despite a refusal (a hold, no passing attestation), with `reason`. */
  forced?: boolean;
}

export interface OperationSettings {
  ledger: Ledger;
  /** Who acts (default: `currentActor()`). */
  actor?: string;
  /** The lock's lease (default 30 s, renewed every third of it while the operation works). */
  leaseMs?: number;
  /**
   * A lock the caller already holds for this environment (deploy's automatic rollback runs as its
   * own operation under deploy's lock); `false` for the one operation that takes no lock (unlock).
   */
  lock?: LockHandle | false;
  /** Whether a process of this host is alive (tests inject; default: signal 0). */
  isAlive?: (pid: number) => boolean;
  /** This machine's name, as locks record it (default `os.hostname()`). */
  host?: string;
}

/** The running operation, as its work sees it. */
export interface Operation {
  readonly operationId: string;
  readonly actor: string;
  /** The lock it holds (undefined for unlock). */
  readonly lock?: LockHandle;
  /** Writes the intent: from and to, and what else history should say. Call before changing anything. */
  intend(intent?: IntentFields): Promise<OperationIntent>;
  /** What is known before deciding (the version live now): written with the intent, also when the operation is refused. */
  note(fields: IntentFields): void;
  /** Call right before each change: throws `lock_lost` when the lease was lost meanwhile. */
  assertLockHeld(): void;
  /**
   * Says the change is made: `live` is what is live now, in words ("AWSCURRENT is now v3 (verified)"),
   * `liveVersion` the version. A failure after this is `changed-then-failed`.
   */
  changed(live: string, liveVersion?: string): void;
}

/** What the work returns: its value, and how it ended when that is not plain `ok` (or `refused` before intent). */
export interface OperationResult<T> {
  value: T;
  status?: Exclude<OutcomeStatus, 'failed'>;
  detail?: string;
}

const DEFAULT_LEASE_MS = 30_000;

/** Codes that mean "refused: nothing was attempted", when raised before the intent. */
const REFUSALS: ReadonlySet<CommandErrorCode> = new Set<CommandErrorCode>([
  'rollback_refused',
  'rollback_conflict',
  'on_hold',
  'deploy_refused',
  'lock_held',
  'hold_missing',
  'checks_failed',
  'usage',
  'document_invalid',
]);

export async function runOperation<T>(
  settings: OperationSettings,
  request: OperationRequest,
  work: (operation: Operation) => Promise<OperationResult<T>>,
): Promise<T> {
  const { ledger } = settings;
  const actor = settings.actor ?? currentActor();
  const operationId = newRecordId(new Date());
  const base = { action: request.action, environment: request.environment, actor, forced: request.forced ?? false, operationId, ...optional('reason', request.reason) };

  let intent: OperationIntent | undefined;
  let noted: IntentFields = {};
  const begin = async (given: IntentFields = {}) => {
    const fields = { ...noted, ...given };
    intent ??= await ledger.begin({ ...base, ...optional('fromVersionId', fields.fromVersionId), ...optional('toVersionId', fields.toVersionId), ...optional('details', fields.details) });
    return intent;
  };
  const finish = (status: OutcomeStatus, detail?: string, liveVersionAfter?: string) =>
    ledger.finish({ environment: request.environment, operationId }, { status, ...optional('detail', detail?.slice(0, 2000)), ...optional('liveVersionAfter', liveVersionAfter) });

  let lock: LockHandle | undefined;
  try {
    lock = settings.lock === false ? undefined : (settings.lock ?? (await acquire(settings, request, actor, operationId)));
  } catch (error) {
    const refused = error instanceof LedgerError && error.code === 'lock_held';
    await recordAfter(async () => {
      await begin();
      await finish(refused ? 'refused' : 'failed', (error as Error).message);
    });
    throw error;
  }
  const ownLock = lock && settings.lock === undefined ? lock : undefined;
  let lost: LedgerError | undefined;
  ownLock?.keepAlive((error) => (lost = error));

  let change: { live: string; liveVersion?: string } | undefined;
  const operation: Operation = {
    operationId,
    actor,
    lock,
    intend: begin,
    note(fields) {
      noted = { ...noted, ...fields };
    },
    assertLockHeld() {
      if (lost) throw lost;
    },
    changed(live, liveVersion) {
      change = { live, liveVersion };
    },
  };

  let failure: unknown;
  try {
    const result = await work(operation);
    await begin(); // work that changed nothing (already there) is recorded too
    await finish(result.status ?? 'ok', result.detail, change?.liveVersion);
    return result.value;
  } catch (error) {
    failure = error;
    const message = (error as Error).message;
    if (change) {
      await recordAfter(() => finish('changed-then-failed', `${change!.live}; then ${message}`, change!.liveVersion));
      failure = new OpsError(
        'changed_then_failed',
        `${request.environment}: ${change.live}; then ${message}`,
        (error as StripeConfigError<string>).hint ?? `Check the environment with \`stripe-config status ${request.environment}\` before doing anything else.`,
        { cause: error },
      );
    } else {
      const refused = !intent && error instanceof StripeConfigError && REFUSALS.has(error.code as CommandErrorCode);
      await recordAfter(async () => {
        await begin();
        await finish(refused ? 'refused' : 'failed', message);
      });
    }
    throw failure;
  } finally {
    if (ownLock) {
      // A release that fails must not hide the operation's own error; alone, it is reported.
      const released = await ownLock.release().then(
        () => undefined,
        (error: unknown) => error,
      );
      if (released && !failure) throw released;
    }
  }
}

/** Records an outcome after a failure; if the ledger fails too, both are reported, the work's error first. */
async function recordAfter(record: () => Promise<unknown>): Promise<void> {
  try {
    await record();
  } catch {
    // The intent stays without an outcome: history shows "outcome unknown" with what is live now,
    // which is the truth; the work's own error is what the caller must see.
  }
}

/** Takes the environment's lock; a dead holder on this host is taken over (and that is recorded). */
async function acquire(settings: OperationSettings, request: OperationRequest, actor: string, operationId: string): Promise<LockHandle> {
  const { ledger } = settings;
  const host = settings.host ?? os.hostname();
  const isAlive = settings.isAlive ?? processIsAlive;
  const lockRequest = { operationId, actor, host, pid: process.pid, leaseMs: settings.leaseMs ?? DEFAULT_LEASE_MS };
  try {
    return await ledger.acquireLock(request.environment, lockRequest);
  } catch (error) {
    const holder = error instanceof LedgerError && error.code === 'lock_held' ? error.holder : undefined;
    if (!holder) throw error;
    if (holder.host !== host) {
      throw new LedgerError(
        'lock_held',
        `${request.environment} is locked by ${describeHolder(holder)}`,
        `If that operation is still running, wait for it. If its process is gone, the lock frees itself at ${holder.expiresAt}; ` +
          `to act sooner, check \`stripe-config status ${request.environment}\`, then \`stripe-config unlock ${request.environment} --reason "…"\`.`,
        { holder },
      );
    }
    if (isAlive(holder.pid)) {
      throw new LedgerError('lock_held', `${request.environment} is locked by ${describeHolder(holder)}`, 'That operation is still running on this machine: wait for it to finish.', {
        holder,
      });
    }
    await takeOver(ledger, request.environment, actor, holder.operationId, `${describeHolder(holder)}: process ${holder.pid} is gone from ${host}`);
    return ledger.acquireLock(request.environment, lockRequest);
  }
}

/** Breaks a dead holder's lock, recorded as an `unlock` operation of its own. */
async function takeOver(ledger: Ledger, environment: string, actor: string, staleOperationId: string, why: string): Promise<void> {
  const reason = `lock taken over: ${why}`;
  const record = await ledger.begin({ action: 'unlock', environment, actor, reason, details: { staleOperationId } });
  try {
    await ledger.breakLock(environment, reason, { operationId: staleOperationId });
  } catch (error) {
    await ledger.finish(record, { status: 'failed', detail: (error as Error).message.slice(0, 2000) });
    throw error;
  }
  await ledger.finish(record, { status: 'ok', detail: `broke the lock of operation ${staleOperationId}` });
}

/** Who acts: $STRIPE_CONFIG_ACTOR, CI's actor, or the login name. */
export function currentActor(): string {
  return process.env.STRIPE_CONFIG_ACTOR ?? process.env.GITHUB_ACTOR ?? process.env.USER ?? safeUsername();
}

function safeUsername(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** `{ [field]: value }` when value is set: the ledger's closed inputs refuse explicit undefined fields. */
function optional<K extends string, V>(field: K, value: V | undefined): { [key in K]?: V } {
  return (value === undefined ? {} : { [field]: value }) as { [key in K]?: V };
}
