/** Label and version rules of the Secrets Manager stand-in, checked on the model with no HTTP (facts §3). */
import { SecretsManagerError } from '../../../emulators/secrets-manager/errors';
import {
  AWSCURRENT,
  AWSPREVIOUS,
  findSecret,
  moveLabel,
  pruneDeprecatedVersions,
  purgeExpiredDeletions,
  putSecretVersion,
  randomArnSuffix,
  Secret,
  SecretsState,
} from '../../../emulators/secrets-manager/model';

const T0 = Date.UTC(2025, 5, 1);
const HOUR = 60 * 60 * 1000;

/** Version ids in Terraform's token format, `terraform-` + 26 digits (facts §2.1). */
function tfToken(n: number): string {
  return `terraform-${String(n).padStart(26, '0')}`;
}
const V1 = tfToken(1);
const V2 = tfToken(2);
const V3 = tfToken(3);

function newSecret(name = 'shop/stripe', region = 'eu-west-1'): Secret {
  return {
    arn: `arn:aws:secretsmanager:${region}:123456789012:secret:${name}-AbC123`,
    name,
    region,
    tags: [],
    createdDate: T0,
    lastChangedDate: T0,
    versions: [],
  };
}

/** A secret with versions put in order, each without VersionStages (the Terraform way). */
function secretWithPuts(...ids: string[]): Secret {
  const secret = newSecret();
  ids.forEach((id, i) => putSecretVersion(secret, { versionId: id, value: { secretString: `value-${i + 1}` }, now: T0 + i }));
  return secret;
}

function labels(secret: Secret): Record<string, string[]> {
  return Object.fromEntries(secret.versions.map((v) => [v.versionId, [...v.stages].sort()]));
}

function thrown(action: () => unknown): SecretsManagerError {
  try {
    action();
  } catch (error) {
    if (error instanceof SecretsManagerError) return error;
    throw error;
  }
  throw new Error('expected a SecretsManagerError');
}

describe('PutSecretValue labels (facts §3.2)', () => {
  test('the first version without VersionStages becomes AWSCURRENT', () => {
    expect(labels(secretWithPuts(V1))).toEqual({ [V1]: [AWSCURRENT] });
  });

  test('a new version takes AWSCURRENT and the old one becomes AWSPREVIOUS (facts §3.5)', () => {
    expect(labels(secretWithPuts(V1, V2))).toEqual({ [V1]: [AWSPREVIOUS], [V2]: [AWSCURRENT] });
  });

  test('the version that held AWSPREVIOUS loses it and is deprecated', () => {
    expect(labels(secretWithPuts(V1, V2, V3))).toEqual({ [V1]: [], [V2]: [AWSPREVIOUS], [V3]: [AWSCURRENT] });
  });

  test('custom labels on the old current version stay there (moto divergence, facts §5.2 row 12)', () => {
    const secret = secretWithPuts(V1);
    putSecretVersion(secret, { versionId: V2, value: { secretString: 'two' }, stages: ['blue'], now: T0 });
    moveLabel(secret, { label: 'blue', moveToVersionId: V1, removeFromVersionId: V2, now: T0 });
    putSecretVersion(secret, { versionId: V3, value: { secretString: 'three' }, now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [AWSPREVIOUS, 'blue'], [V2]: [], [V3]: [AWSCURRENT] });
  });

  test('explicit labels are taken from other versions while AWSCURRENT stays put', () => {
    const secret = secretWithPuts(V1);
    putSecretVersion(secret, { versionId: V2, value: { secretString: 'two' }, stages: ['AWSPENDING'], now: T0 });
    putSecretVersion(secret, { versionId: V3, value: { secretString: 'three' }, stages: ['AWSPENDING'], now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [AWSCURRENT], [V2]: [], [V3]: ['AWSPENDING'] });
  });

  test('explicit AWSCURRENT moves AWSPREVIOUS like a plain put', () => {
    const secret = secretWithPuts(V1);
    putSecretVersion(secret, { versionId: V2, value: { secretString: 'two' }, stages: [AWSCURRENT, 'green'], now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [AWSPREVIOUS], [V2]: [AWSCURRENT, 'green'] });
  });

  test('a first version with explicit labels gets exactly those (provider acceptance test, facts §3.2)', () => {
    const secret = newSecret();
    putSecretVersion(secret, { versionId: V1, value: { secretString: 'one' }, stages: ['one'], now: T0 });
    expect(labels(secret)).toEqual({ [V1]: ['one'] });
  });
});

describe('ClientRequestToken idempotency (facts §3.3)', () => {
  test('the same token with the same value is a silent no-op', () => {
    const secret = secretWithPuts(V1, V2);
    const retry = putSecretVersion(secret, { versionId: V1, value: { secretString: 'value-1' }, now: T0 + HOUR });
    expect(retry.created).toBe(false);
    expect(labels(secret)).toEqual({ [V1]: [AWSPREVIOUS], [V2]: [AWSCURRENT] });
  });

  test('the same token with a different value is ResourceExistsException with AWS text', () => {
    const secret = secretWithPuts(V1);
    const error = thrown(() => putSecretVersion(secret, { versionId: V1, value: { secretString: 'other' }, now: T0 }));
    expect(error.code).toBe('ResourceExistsException');
    expect(error.message).toBe(
      `You can't use ClientRequestToken ${V1} because that value is already in use for a version of secret ${secret.arn}.`,
    );
  });

  test("a rotation's empty AWSPENDING version is filled by a put with its token", () => {
    const secret = secretWithPuts(V1);
    secret.versions.push({ versionId: V2, stages: ['AWSPENDING'], createdDate: T0 });
    const fill = putSecretVersion(secret, { versionId: V2, value: { secretString: 'rotated' }, stages: ['AWSPENDING'], now: T0 });
    expect(fill.created).toBe(true);
    expect(fill.version.secretString).toBe('rotated');
    expect(labels(secret)).toEqual({ [V1]: [AWSCURRENT], [V2]: ['AWSPENDING'] });
  });
});

describe('UpdateSecretVersionStage (facts §3.4, §3.5)', () => {
  test('rollback moves AWSCURRENT to the previous version and AWSPREVIOUS to the one it left', () => {
    const secret = secretWithPuts(V1, V2);
    moveLabel(secret, { label: AWSCURRENT, moveToVersionId: V1, removeFromVersionId: V2, now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [AWSCURRENT], [V2]: [AWSPREVIOUS] });
  });

  test('repeating the rollback with the roles swapped undoes it', () => {
    const secret = secretWithPuts(V1, V2);
    moveLabel(secret, { label: AWSCURRENT, moveToVersionId: V1, removeFromVersionId: V2, now: T0 });
    moveLabel(secret, { label: AWSCURRENT, moveToVersionId: V2, removeFromVersionId: V1, now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [AWSPREVIOUS], [V2]: [AWSCURRENT] });
  });

  test('moving AWSCURRENT keeps the target’s other labels and strips AWSPREVIOUS from older versions', () => {
    // Mirrors moto's aws_verified test_update_secret_version_stage_manually (facts §3.5).
    const secret = secretWithPuts(V1, V2);
    putSecretVersion(secret, { versionId: V3, value: { secretString: 'three' }, stages: ['AWSPENDING'], now: T0 });
    moveLabel(secret, { label: AWSCURRENT, moveToVersionId: V3, removeFromVersionId: V2, now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [], [V2]: [AWSPREVIOUS], [V3]: [AWSCURRENT, 'AWSPENDING'] });
  });

  test('the move target loses AWSPREVIOUS when it becomes current', () => {
    const secret = secretWithPuts(V1, V2);
    moveLabel(secret, { label: AWSCURRENT, moveToVersionId: V1, removeFromVersionId: V2, now: T0 });
    expect(secret.versions.find((v) => v.versionId === V1)?.stages).toEqual([AWSCURRENT]);
  });

  test('a stale RemoveFromVersionId fails the compare-and-swap and changes nothing', () => {
    const secret = secretWithPuts(V1, V2, V3);
    const before = labels(secret);
    const error = thrown(() => moveLabel(secret, { label: AWSCURRENT, moveToVersionId: V1, removeFromVersionId: V2, now: T0 }));
    expect(error.code).toBe('InvalidParameterException');
    expect(error.message).toContain(`currently attached to version ${V3}`);
    expect(labels(secret)).toEqual(before);
  });

  test.each([AWSCURRENT, 'blue'])('moving %s while another version holds it needs RemoveFromVersionId (verified text)', (label) => {
    const secret = secretWithPuts(V1, V2);
    if (label !== AWSCURRENT) moveLabel(secret, { label, moveToVersionId: V2, now: T0 });
    const error = thrown(() => moveLabel(secret, { label, moveToVersionId: V1, now: T0 }));
    expect(error.code).toBe('InvalidParameterException');
    expect(error.message).toBe(
      `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${V2}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  });

  test('AWSCURRENT can be moved but never removed outright (facts §6.5)', () => {
    const secret = secretWithPuts(V1);
    const error = thrown(() => moveLabel(secret, { label: AWSCURRENT, removeFromVersionId: V1, now: T0 }));
    expect(error.code).toBe('InvalidParameterException');
    expect(error.message).toBe("You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.");
  });

  test.each([AWSPREVIOUS, 'blue'])('%s can be removed, leaving the version deprecated (Terraform destroy, facts §6.5)', (label) => {
    const secret = secretWithPuts(V1, V2);
    if (label !== AWSPREVIOUS) {
      moveLabel(secret, { label: AWSPREVIOUS, removeFromVersionId: V1, now: T0 });
      moveLabel(secret, { label, moveToVersionId: V1, now: T0 });
    }
    moveLabel(secret, { label, removeFromVersionId: V1, now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [], [V2]: [AWSCURRENT] });
  });

  test('AWSCURRENT can be attached without RemoveFromVersionId when no version holds it (facts §3.4)', () => {
    const secret = newSecret();
    putSecretVersion(secret, { versionId: V1, value: { secretString: 'pending' }, stages: ['AWSPENDING'], now: T0 });
    moveLabel(secret, { label: AWSCURRENT, moveToVersionId: V1, now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [AWSCURRENT, 'AWSPENDING'] });
  });

  test('moving a label onto the version that already holds it is a no-op', () => {
    const secret = secretWithPuts(V1, V2);
    moveLabel(secret, { label: AWSCURRENT, moveToVersionId: V2, now: T0 });
    expect(labels(secret)).toEqual({ [V1]: [AWSPREVIOUS], [V2]: [AWSCURRENT] });
  });

  test('an unknown version id is ResourceNotFoundException', () => {
    const secret = secretWithPuts(V1);
    expect(thrown(() => moveLabel(secret, { label: 'blue', moveToVersionId: V3, now: T0 })).code).toBe('ResourceNotFoundException');
  });

  test('a secret carries at most 20 distinct labels (facts §3.6)', () => {
    const secret = secretWithPuts(V1);
    for (let i = 0; i < 19; i++) moveLabel(secret, { label: `label-${i}`, moveToVersionId: V1, now: T0 });
    expect(thrown(() => moveLabel(secret, { label: 'one-too-many', moveToVersionId: V1, now: T0 })).code).toBe(
      'LimitExceededException',
    );
  });
});

describe('secrets and versions housekeeping', () => {
  test.each([
    ['its name', 'shop/stripe'],
    ['its full ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe-AbC123'],
    ['its partial ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe'],
  ])('a secret is found by %s (facts §2.2)', (_how, secretId) => {
    const state: SecretsState = { secrets: [newSecret()] };
    expect(findSecret(state, 'eu-west-1', secretId)?.name).toBe('shop/stripe');
  });

  test('a secret in another region is not found', () => {
    const state: SecretsState = { secrets: [newSecret()] };
    expect(findSecret(state, 'us-east-1', 'shop/stripe')).toBeUndefined();
  });

  test('an old full ARN does not match a re-created secret with a new suffix (facts §6.10)', () => {
    const recreated = newSecret();
    recreated.arn = recreated.arn.replace('AbC123', 'XyZ789');
    const state: SecretsState = { secrets: [recreated] };
    expect(findSecret(state, 'eu-west-1', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe-AbC123')).toBeUndefined();
  });

  test('ARN suffixes are six mixed-case alphanumerics (facts §2.2)', () => {
    expect(randomArnSuffix()).toMatch(/^[A-Za-z0-9]{6}$/);
  });

  test('deprecated versions beyond 100 are pruned oldest first, sparing the last 24 hours (facts §3.6)', () => {
    const secret = newSecret();
    for (let i = 0; i < 105; i++) {
      secret.versions.push({ versionId: tfToken(100 + i), stages: [], secretString: 'x', createdDate: T0 + (i < 103 ? 0 : 23 * HOUR) });
    }
    secret.versions[0].stages = [AWSPREVIOUS];
    pruneDeprecatedVersions(secret, T0 + 24 * HOUR);
    expect(secret.versions).toHaveLength(100);
    expect(secret.versions[0].versionId).toBe(tfToken(100));
    expect(secret.versions[1].versionId).toBe(tfToken(106));
  });

  test('a scheduled deletion becomes final once its recovery window has passed', () => {
    const scheduled = { ...newSecret(), deletedDate: T0, deletionDate: T0 + 7 * 24 * HOUR };
    const state: SecretsState = { secrets: [scheduled] };
    expect(purgeExpiredDeletions(state, T0 + 7 * 24 * HOUR - 1)).toBe(false);
    expect(purgeExpiredDeletions(state, T0 + 7 * 24 * HOUR)).toBe(true);
    expect(state.secrets).toEqual([]);
  });
});
