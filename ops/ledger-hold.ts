/**
 * The environment's hold: set by a rollback so that no later deploy silently re-applies the bad
 * change, until a person releases it with a reason. One item per environment (sk `hold`), kept
 * after release with who, why and when; set and release are conditional writes, so two rollbacks
 * keep the first hold and a release without a hold is refused.
 */
import { Type, type Static } from '@sinclair/typebox';
import { checkInput, LedgerError, requireRecord } from './ledger-errors';
import {
  CLOSED_INPUT,
  EnvironmentSchema,
  HoldRecordSchema,
  keys,
  TextSchema,
  TimeSchema,
  toItem,
  type HoldRecord,
} from './ledger-records';
import type { LedgerTable } from './ledger-table';

const HoldInputSchema = Type.Composite(
  [Type.Pick(HoldRecordSchema, ['environment', 'operationId', 'actor', 'reason']), Type.Object({ at: Type.Optional(TimeSchema) })],
  CLOSED_INPUT,
);
export type HoldInput = Static<typeof HoldInputSchema>;
const ReleaseInputSchema = Type.Object({ actor: TextSchema, reason: TextSchema }, CLOSED_INPUT);

export interface Holds {
  /** Puts the environment on hold; a hold already in place is kept (and returned) rather than overwritten. */
  setHold(hold: HoldInput): Promise<{ status: 'set' | 'already-held'; hold: HoldRecord }>;
  /** The hold in force, or undefined. */
  getHold(environment: string): Promise<HoldRecord | undefined>;
  /** Ends the hold, recording who and why; `hold_missing` when there is none. Returns the released hold. */
  releaseHold(environment: string, release: { actor: string; reason: string }): Promise<HoldRecord>;
}

export function createHolds(table: LedgerTable, now: () => Date): Holds {
  const holdKey = (environment: string) => ({ pk: keys.partition(environment), sk: keys.hold });
  const readHold = async (environment: string) => {
    const item = await table.get(holdKey(environment));
    return item && requireRecord(HoldRecordSchema, item, table.name);
  };

  return {
    async setHold(hold) {
      const input = checkInput(HoldInputSchema, hold, 'hold');
      const record: HoldRecord = { ...input, at: input.at ?? now().toISOString() };
      const vacant = 'attribute_not_exists(#pk) OR attribute_exists(#releasedAt)';
      if (await table.put(toItem(holdKey(record.environment), record), { expression: vacant })) return { status: 'set', hold: record };
      const current = await readHold(record.environment);
      if (!current || current.releasedAt)
        throw new LedgerError('ledger_failed', `The hold of ${record.environment} changed while it was being set`, 'Run the command again.');
      return { status: current.operationId === record.operationId ? 'set' : 'already-held', hold: current };
    },

    async getHold(environment) {
      const hold = await readHold(checkInput(EnvironmentSchema, environment, 'environment'));
      return hold && !hold.releasedAt ? hold : undefined;
    },

    async releaseHold(environment, release) {
      checkInput(EnvironmentSchema, environment, 'environment');
      const { actor, reason } = checkInput(ReleaseInputSchema, release, `release of ${environment}`);
      const set = { releasedAt: now().toISOString(), releasedBy: actor, releaseReason: reason };
      const released = await table.update(holdKey(environment), set, { expression: 'attribute_exists(#pk) AND attribute_not_exists(#releasedAt)' });
      if (released) return requireRecord(HoldRecordSchema, released, table.name);
      const current = await readHold(environment);
      if (current?.releasedBy === actor && current.releaseReason === reason) return current; // our own update, retried
      throw new LedgerError(
        'hold_missing',
        current
          ? `${environment} is not on hold: the last hold (set by ${current.actor}: ${current.reason}) was released by ${current.releasedBy} at ${current.releasedAt}`
          : `${environment} is not on hold`,
        'Nothing to release.',
      );
    },
  };
}
