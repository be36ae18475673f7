/**
 * Gate attestations: what the gate saw for exactly these document bytes (sha256), these key-set
 * fingerprints, this plan and this commit, with its verdict and the changes a reviewer accepted.
 * Append-only (sk `gate#<sha256>#<id>`, `attribute_not_exists`), so deploy can ask for the newest
 * attestation of the bytes it is about to apply and refuse unless it passed.
 */
import { Type, type Static } from '@sinclair/typebox';
import { checkInput, LedgerError, requireRecord } from './ledger-errors';
import {
  AttestationRecordSchema,
  CLOSED_INPUT,
  EnvironmentSchema,
  keys,
  newRecordId,
  sameFingerprints,
  Sha256Schema,
  toItem,
  type AttestationRecord,
} from './ledger-records';
import type { LedgerTable } from './ledger-table';

const AttestationInputSchema = Type.Omit(AttestationRecordSchema, ['attestationId', 'environment', 'createdAt'], CLOSED_INPUT);
export type AttestationInput = Static<typeof AttestationInputSchema>;

export interface Attestations {
  /** Stores what the gate saw for exactly these document bytes; never overwrites an earlier attestation. */
  putAttestation(environment: string, attestation: AttestationInput): Promise<AttestationRecord>;
  /**
   * The newest attestation for these document bytes (and, if given, exactly these key-set
   * fingerprints). Newest wins: a later failing gate of the same bytes and keys supersedes a pass.
   */
  findAttestation(
    environment: string,
    documentSha256: string,
    options?: { keySetFingerprints?: Record<string, string> },
  ): Promise<AttestationRecord | undefined>;
}

export function createAttestations(table: LedgerTable, now: () => Date, pageSize: number): Attestations {
  return {
    async putAttestation(environment, attestation) {
      checkInput(EnvironmentSchema, environment, 'environment');
      const input = checkInput(AttestationInputSchema, attestation, `gate attestation for ${environment}`);
      const at = now();
      const record: AttestationRecord = { ...input, attestationId: newRecordId(at), environment, createdAt: at.toISOString() };
      const key = { pk: keys.partition(environment), sk: `${keys.attestations(record.documentSha256)}${record.attestationId}` };
      if (!(await table.put(toItem(key, record), { expression: 'attribute_not_exists(#pk)' }))) {
        const stored = await table.get(key);
        if (stored && requireRecord(AttestationRecordSchema, stored, table.name).createdAt === record.createdAt) return record; // ours, retried
        throw new LedgerError(
          'ledger_failed',
          `Attestation ${record.attestationId} of ${environment} could not be written to table "${table.name}"`,
          'Run the gate again.',
        );
      }
      return record;
    },

    async findAttestation(environment, documentSha256, { keySetFingerprints } = {}) {
      checkInput(EnvironmentSchema, environment, 'environment');
      checkInput(Sha256Schema, documentSha256, 'document sha256');
      for await (const item of table.query(keys.partition(environment), keys.attestations(documentSha256), {
        pageSize,
        limit: Number.POSITIVE_INFINITY,
      })) {
        // A malformed attestation is an error, not skipped: it might be the newer, failing one.
        const record = requireRecord(AttestationRecordSchema, item, table.name);
        if (!keySetFingerprints || sameFingerprints(record.keySetFingerprints, keySetFingerprints)) return record;
      }
      return undefined;
    },
  };
}
