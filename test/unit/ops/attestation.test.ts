import { createHash } from 'node:crypto';
import {
  attestationOf,
  describeRefusal,
  documentSha256,
  judgeAttestation,
  keySetFingerprint,
  planDifferences,
  type AttestationRecord,
  type DeployIdentity,
  type GateReport,
  type PlanSummary,
} from '../../../ops';

const PLANTED = { secretKey: 'sk_test_PLANTEDfakeKEYmaterial0123456789', webhookSigningSecret: 'whsec_PLANTEDfakeSECRET0123456789' };
const identity: DeployIdentity = { documentSha256: 'a'.repeat(64), keySetFingerprints: { 'staging-2026-01': keySetFingerprint(PLANTED) } };

const plan: PlanSummary = {
  changed: true,
  add: 1,
  change: 1,
  destroy: 0,
  replace: 0,
  changes: [
    { address: 'aws_secretsmanager_secret_version.config', action: 'create' },
    { address: 'aws_secretsmanager_secret.config', action: 'update' },
  ],
};

function record(overrides: Partial<AttestationRecord> = {}): AttestationRecord {
  return {
    attestationId: '20261129T220000.000Z-0123456789',
    environment: 'staging',
    documentSha256: identity.documentSha256,
    keySetFingerprints: identity.keySetFingerprints,
    planSummary: { add: 1, change: 1, destroy: 0, replace: 0, changes: plan.changes },
    verdict: 'pass',
    gateVerdict: 'pass',
    acceptedChanges: [],
    actor: 'ci',
    createdAt: '2026-11-29T22:00:00.000Z',
    ...overrides,
  };
}

describe('fingerprints', () => {
  test('the document hash is the sha256 of the exact bytes', () => {
    expect(documentSha256('{"a":1}')).toBe(createHash('sha256').update('{"a":1}').digest('hex'));
    expect(documentSha256('{"a":1}\n')).not.toBe(documentSha256('{"a":1}'));
  });

  test('a key-set fingerprint is not the plain sha256 of any of its keys, and never contains them', () => {
    const fingerprint = keySetFingerprint(PLANTED);
    expect(fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const secret of Object.values(PLANTED)) {
      expect(fingerprint).not.toContain(secret);
      expect(fingerprint).not.toContain(createHash('sha256').update(secret).digest('hex'));
    }
  });

  test.each([
    ['the secret key', { ...PLANTED, secretKey: 'sk_test_PLANTEDfakeKEYmaterial0123456780' }],
    ['the webhook secret', { ...PLANTED, webhookSigningSecret: 'whsec_PLANTEDfakeSECRET0123456780' }],
    ['a missing webhook secret', { secretKey: PLANTED.secretKey }],
  ])('changing %s changes the fingerprint', (_, material) => {
    expect(keySetFingerprint(material)).not.toBe(keySetFingerprint(PLANTED));
  });
});

describe('attestationOf', () => {
  const report = {
    environment: 'staging',
    verdict: 'pass',
    passed: true,
    reasons: [],
    accepted: { reason: 'PR #12 approved by bob', journeys: ['frictionless'] },
    plan,
    changes: [],
    rows: [{ journey: 'frictionless', explanation: 'paid without challenge → paid after challenge' }],
    keySets: [],
  } as unknown as GateReport;

  test('records the bytes, fingerprints, plan resources, verdict and accepted changes with their reason', () => {
    expect(attestationOf(report, { ...identity, actor: 'alice', gitCommit: 'abc1234', runtimeVersion: '0.1.0' })).toEqual({
      documentSha256: identity.documentSha256,
      keySetFingerprints: identity.keySetFingerprints,
      planSummary: { add: 1, change: 1, destroy: 0, replace: 0, changes: plan.changes },
      verdict: 'pass',
      gateVerdict: 'pass',
      acceptedChanges: [{ change: 'frictionless: paid without challenge → paid after challenge', reason: 'PR #12 approved by bob', acceptedBy: 'alice' }],
      gitCommit: 'abc1234',
      actor: 'alice',
      runtimeVersion: '0.1.0',
    });
  });

  test('a gate that did not pass attests a failure, and no git commit outside a checkout', () => {
    const blocked = { ...report, verdict: 'blocked', passed: false, accepted: undefined } as GateReport;
    const input = attestationOf(blocked, { ...identity, actor: 'alice', runtimeVersion: '0.1.0' });
    expect(input).toMatchObject({ verdict: 'fail', gateVerdict: 'blocked', acceptedChanges: [] });
    expect(input).not.toHaveProperty('gitCommit');
  });
});

describe('judgeAttestation', () => {
  test('a passing attestation for these bytes and keys lets the deploy through', () => {
    expect(judgeAttestation(identity, record(), record())).toBeUndefined();
  });

  test('no attestation for these bytes: the gate never ran on them', () => {
    const refusal = judgeAttestation(identity, undefined, undefined);
    expect(refusal).toEqual({ kind: 'never-gated' });
    expect(describeRefusal('staging', identity, refusal!)).toBe(
      'staging: no gate run judged this document (sha256 aaaaaaaaaaaa…): the gate never ran on it, or the config changed after the gate',
    );
  });

  test('an attestation for these bytes with other key material names the key set that differs', () => {
    const other = record({ keySetFingerprints: { 'staging-2026-01': keySetFingerprint({ secretKey: 'sk_test_OTHERkeyMATERIAL000000' }) } });
    const refusal = judgeAttestation(identity, undefined, other);
    expect(refusal).toMatchObject({ kind: 'other-key-material', keySets: ['staging-2026-01'] });
    expect(describeRefusal('staging', identity, refusal!)).toContain('key set staging-2026-01 differs from what the gate used');
  });

  test('a blocked gate refuses, with its verdict and who ran it', () => {
    const blocked = record({ verdict: 'fail', gateVerdict: 'not-accepted' });
    const refusal = judgeAttestation(identity, blocked, blocked);
    expect(refusal).toEqual({ kind: 'blocked', attestation: blocked });
    expect(describeRefusal('staging', identity, refusal!)).toContain('its verdict at 2026-11-29T22:00:00.000Z was not-accepted (by ci)');
  });
});

describe('planDifferences', () => {
  test('the same resources and actions match, whatever their order', () => {
    expect(planDifferences(record().planSummary, { ...plan, changes: [...plan.changes].reverse() })).toEqual([]);
  });

  test('a resource the gate did not see, or an action that changed, is named', () => {
    const now: PlanSummary = {
      ...plan,
      destroy: 1,
      changes: [plan.changes[0], { address: 'aws_secretsmanager_secret.config', action: 'delete' }],
    };
    expect(planDifferences(record().planSummary, now)).toEqual([
      "not in the gate's plan: delete aws_secretsmanager_secret.config",
      "in the gate's plan but not now: update aws_secretsmanager_secret.config",
    ]);
  });

  test('an attestation without resources is compared by its counts', () => {
    const { changes: _, ...counts } = record().planSummary;
    expect(planDifferences(counts, { ...plan, add: 2 })).toEqual(['add: the gate saw 1, the plan now has 2']);
  });
});
