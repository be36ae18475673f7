/**
 * Hold, release and unlock: the three operations on an environment that change no secret, each
 * under the ledger (ops/operation.ts) with its reason, so history says who held, released or broke
 * a lock, and why. `assertNotOnHold` is deploy's check: a rolled-back environment takes no deploy
 * until a person releases it.
 */
import { OpsError } from './errors';
import type { Ledger } from './ledger';
import { describeHolder } from './ledger-lock';
import type { HoldRecord, LockRecord } from './ledger-records';
import { runOperation } from './operation';

export interface ReasonedChange {
  /** Why, for the record (required: on-call reads it later). */
  reason: string;
  /** Who (default `currentActor()`). */
  actor?: string;
}

export async function holdEnvironment(ledger: Ledger, environment: string, change: ReasonedChange): Promise<{ status: 'set' | 'already-held'; hold: HoldRecord }> {
  const reason = requireReason(change.reason, 'hold', environment);
  return runOperation({ ledger, actor: change.actor }, { action: 'hold', environment, reason }, async (op) => {
    await op.intend();
    op.assertLockHeld();
    const result = await ledger.setHold({ environment, operationId: op.operationId, actor: op.actor, reason });
    return result.status === 'set'
      ? { value: result }
      : { value: result, detail: `already on hold: ${describeHold(result.hold)}; kept as it was` };
  });
}

export async function releaseEnvironment(ledger: Ledger, environment: string, change: ReasonedChange): Promise<HoldRecord> {
  const reason = requireReason(change.reason, 'release', environment);
  return runOperation({ ledger, actor: change.actor }, { action: 'release', environment, reason }, async (op) => {
    const hold = await ledger.getHold(environment);
    if (!hold) return { value: await ledger.releaseHold(environment, { actor: op.actor, reason }) }; // hold_missing, recorded as refused
    await op.intend({ details: { holdSetBy: hold.actor, holdReason: hold.reason } });
    op.assertLockHeld();
    return { value: await ledger.releaseHold(environment, { actor: op.actor, reason }) };
  });
}

/**
 * Breaks the environment's lock whoever holds it: for on-call, when the holder ran on another
 * machine that is gone, and waiting for the lease is too long. Takes no lock itself.
 */
export async function unlockEnvironment(ledger: Ledger, environment: string, change: ReasonedChange): Promise<{ broken?: LockRecord }> {
  const reason = requireReason(change.reason, 'unlock', environment);
  return runOperation({ ledger, actor: change.actor, lock: false }, { action: 'unlock', environment, reason }, async (op) => {
    const lock = await ledger.readLock(environment);
    if (!lock || lock.releasedAt) return { value: {}, detail: `${environment} was not locked: nothing to break` };
    await op.intend({ details: { staleOperationId: lock.operationId, holder: describeHolder(lock) } });
    const broken = await ledger.breakLock(environment, reason, { operationId: lock.operationId });
    return { value: broken && 'owner' in broken ? { broken } : {}, detail: `broke the lock of ${describeHolder(lock)}` };
  });
}

/** Deploy's check: refuses (`on_hold`, exit 3) while the environment is on hold, saying who set it and why. */
export async function assertNotOnHold(ledger: Ledger, environment: string): Promise<void> {
  const hold = await ledger.getHold(environment);
  if (hold) {
    throw new OpsError(
      'on_hold',
      `${environment} is on hold: ${describeHold(hold)}; deploys are refused until it is released`,
      `Once the code no longer holds the change that was rolled back: stripe-config release ${environment} --reason "…"`,
    );
  }
}

/** "set by alice at 2026-…Z: INC-123 …" */
export function describeHold(hold: HoldRecord): string {
  return `set by ${hold.actor} at ${hold.at}: ${hold.reason}`;
}

function requireReason(reason: string | undefined, command: string, environment: string): string {
  if (!reason?.trim()) {
    throw new OpsError('usage', `${command} ${environment}: --reason is required`, `stripe-config ${command} ${environment} --reason "INC-123 …"`);
  }
  return reason.trim();
}
