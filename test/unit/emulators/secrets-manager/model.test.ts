/** The rules of the Secrets Manager stand-in, checked on the model with no HTTP: labels and versions (facts §3), then each operation's own. */
import { SecretsManagerError } from '../../../../emulators/secrets-manager/errors';
import {
  batchGetSecretValue,
  cancelRotateSecret,
  createSecret,
  CreateSecretRequest,
  deleteSecret,
  getSecretValue,
  purgeExpiredDeletions,
  putResourcePolicy,
  putSecretValue,
  restoreSecret,
  rotateSecret,
  Scope,
  updateSecretVersionStage,
  validateResourcePolicy,
} from '../../../../emulators/secrets-manager/model';
import { grantsPublicAccess, parsePolicy } from '../../../../emulators/secrets-manager/resource-policy';
import { findSecret, randomArnSuffix, Secret, SecretsState } from '../../../../emulators/secrets-manager/secrets';
import {
  AWSCURRENT,
  AWSPREVIOUS,
  moveLabel,
  pruneDeprecatedVersions,
  putSecretVersion,
} from '../../../../emulators/secrets-manager/versions';

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

// ---- Operation rules, called the way operations.ts calls them -------------------------------------

const ACCOUNT = '123456789012';
const DAY = 24 * HOUR;

/** A request scope in eu-west-1 at `now`; new secrets get the suffix `AbC123`, as `newSecret`. */
function scopeOf(state: SecretsState, now = T0): Scope {
  return { state, region: 'eu-west-1', accountId: ACCOUNT, now, arnSuffix: () => 'AbC123' };
}

function createRequest(overrides: Partial<CreateSecretRequest> = {}): CreateSecretRequest {
  return { name: 'shop/stripe', token: V1, value: { secretString: 'one' }, tags: [], replicaRegions: [], forceOverwriteReplica: false, ...overrides };
}

/** A state holding one secret created through the model, with its first version V1 = 'one'. */
function createdState(overrides: Partial<CreateSecretRequest> = {}): SecretsState {
  const state: SecretsState = { secrets: [] };
  createSecret(scopeOf(state), createRequest(overrides));
  return state;
}

describe('CreateSecret retries with the same ClientRequestToken (facts §3.3)', () => {
  test('the same token and value answer with the first version again and change nothing', () => {
    const state = createdState();
    const before = structuredClone(state);
    const retry = createSecret(scopeOf(state, T0 + HOUR), createRequest());
    expect(retry.versionId).toBe(V1);
    expect(state).toEqual(before);
  });

  test('a retried create without a value (Terraform) is recognised by the token the secret remembers', () => {
    const state = createdState({ value: {} });
    const retry = createSecret(scopeOf(state), createRequest({ value: {} }));
    expect(retry).toEqual({ secret: state.secrets[0] });
    expect(state.secrets[0].versions).toEqual([]);
  });

  test('the same token with another value is ResourceExistsException naming the token (verified text)', () => {
    const state = createdState();
    const error = thrown(() => createSecret(scopeOf(state), createRequest({ value: { secretString: 'other' } })));
    expect(error.code).toBe('ResourceExistsException');
    expect(error.message).toBe(
      `You can't use ClientRequestToken ${V1} because that value is already in use for a version of secret ${state.secrets[0].arn}.`,
    );
  });

  test('another token on an existing name is ResourceExistsException naming the secret', () => {
    const error = thrown(() => createSecret(scopeOf(createdState()), createRequest({ token: V2 })));
    expect(error.code).toBe('ResourceExistsException');
    expect(error.message).toBe('The operation failed because the secret shop/stripe already exists.');
  });

  test('a name held by a secret scheduled for deletion is refused with the text Terraform retries on (facts §2.4)', () => {
    const state = createdState();
    deleteSecret(scopeOf(state), { secretId: 'shop/stripe', forceDeleteWithoutRecovery: false });
    const error = thrown(() => createSecret(scopeOf(state), createRequest()));
    expect(error.code).toBe('InvalidRequestException');
    expect(error.message).toBe("You can't create this secret because a secret with this name is already scheduled for deletion.");
  });

  test.each([
    ['a name outside the allowed characters (facts §3.7)', createRequest({ name: 'shop stripe' })],
    ['a string and a binary value together', createRequest({ value: { secretString: 'one', secretBinary: 'AAEC' } })],
  ])('%s is InvalidParameterException and stores nothing', (_case, request) => {
    const state: SecretsState = { secrets: [] };
    expect(thrown(() => createSecret(scopeOf(state), request)).code).toBe('InvalidParameterException');
    expect(state.secrets).toEqual([]);
  });

  test('a refused replica region leaves no secret behind', () => {
    const state: SecretsState = { secrets: [] };
    const error = thrown(() => createSecret(scopeOf(state), createRequest({ replicaRegions: [{ region: 'eu-west-1' }] })));
    expect(error.code).toBe('InvalidParameterException');
    expect(state.secrets).toEqual([]);
  });
});

describe('DeleteSecret and RestoreSecret (facts §2.3, §3.8, §4.5)', () => {
  test('a deletion without a window is scheduled 30 days out and keeps the secret findable', () => {
    const state = createdState();
    const deleted = deleteSecret(scopeOf(state, T0 + HOUR), { secretId: 'shop/stripe', forceDeleteWithoutRecovery: false });
    expect(deleted).toEqual({ arn: state.secrets[0].arn, name: 'shop/stripe', deletionDate: T0 + HOUR + 30 * DAY });
    expect(state.secrets[0]).toMatchObject({ deletedDate: T0 + HOUR, deletionDate: T0 + HOUR + 30 * DAY });
  });

  test.each([0, 6, 31])('a recovery window of %i days is refused (7 to 30 inclusive)', (days) => {
    const state = createdState();
    const error = thrown(() => deleteSecret(scopeOf(state), { secretId: 'shop/stripe', recoveryWindowInDays: days, forceDeleteWithoutRecovery: false }));
    expect(error.code).toBe('InvalidParameterException');
    expect(error.message).toBe('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  });

  test('the force flag together with a recovery window is refused', () => {
    const error = thrown(() => deleteSecret(scopeOf(createdState()), { secretId: 'shop/stripe', recoveryWindowInDays: 7, forceDeleteWithoutRecovery: true }));
    expect(error.message).toBe("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  });

  test('a forced deletion removes the secret at once', () => {
    const state = createdState();
    const deleted = deleteSecret(scopeOf(state, T0 + HOUR), { secretId: 'shop/stripe', forceDeleteWithoutRecovery: true });
    expect(deleted.deletionDate).toBe(T0 + HOUR);
    expect(state.secrets).toEqual([]);
  });

  test('force-deleting an unknown secret succeeds, without an ARN; without force it is ResourceNotFoundException', () => {
    const state: SecretsState = { secrets: [] };
    expect(deleteSecret(scopeOf(state), { secretId: 'gone', forceDeleteWithoutRecovery: true })).toEqual({ name: 'gone', deletionDate: T0 });
    expect(thrown(() => deleteSecret(scopeOf(state), { secretId: 'gone', forceDeleteWithoutRecovery: false })).code).toBe('ResourceNotFoundException');
  });

  test('a secret already scheduled for deletion cannot be scheduled again', () => {
    const state = createdState();
    deleteSecret(scopeOf(state), { secretId: 'shop/stripe', forceDeleteWithoutRecovery: false });
    expect(thrown(() => deleteSecret(scopeOf(state), { secretId: 'shop/stripe', forceDeleteWithoutRecovery: false })).code).toBe('InvalidRequestException');
  });

  test('a primary with replicas cannot be deleted', () => {
    const state = createdState({ replicaRegions: [{ region: 'us-east-1' }] });
    const error = thrown(() => deleteSecret(scopeOf(state), { secretId: 'shop/stripe', forceDeleteWithoutRecovery: true }));
    expect(error.code).toBe('InvalidParameterException');
    expect(state.secrets).toHaveLength(1);
  });

  test('value calls on a secret scheduled for deletion are refused with the text the provider matches (facts §3.8)', () => {
    const state = createdState();
    deleteSecret(scopeOf(state), { secretId: 'shop/stripe', forceDeleteWithoutRecovery: false });
    const error = thrown(() => getSecretValue(scopeOf(state), { secretId: 'shop/stripe' }));
    expect(error.code).toBe('InvalidRequestException');
    expect(error.message).toContain('because it was marked for deletion');
  });

  test('RestoreSecret cancels the scheduled deletion and the value reads again', () => {
    const state = createdState();
    deleteSecret(scopeOf(state), { secretId: 'shop/stripe', forceDeleteWithoutRecovery: false });
    restoreSecret(scopeOf(state, T0 + DAY), 'shop/stripe');
    expect(state.secrets[0].deletedDate).toBeUndefined();
    expect(purgeExpiredDeletions(state, T0 + 31 * DAY)).toBe(false);
    expect(getSecretValue(scopeOf(state), { secretId: 'shop/stripe' }).version.secretString).toBe('one');
  });
});

describe('GetSecretValue (facts §2.3, §6.3)', () => {
  test('the default read follows AWSCURRENT after a rollback moved it', () => {
    const state = createdState();
    putSecretValue(scopeOf(state), { secretId: 'shop/stripe', token: V2, value: { secretString: 'two' } });
    updateSecretVersionStage(scopeOf(state), { secretId: 'shop/stripe', label: AWSCURRENT, moveToVersionId: V1, removeFromVersionId: V2 });
    expect(getSecretValue(scopeOf(state), { secretId: 'shop/stripe' }).version.secretString).toBe('one');
  });

  test('a VersionId and a VersionStage must name the same version', () => {
    const state = createdState();
    putSecretValue(scopeOf(state), { secretId: 'shop/stripe', token: V2, value: { secretString: 'two' } });
    const error = thrown(() => getSecretValue(scopeOf(state), { secretId: 'shop/stripe', versionId: V1, versionStage: AWSCURRENT }));
    expect(error.code).toBe('InvalidRequestException');
  });

  test('LastAccessedDate changes at most once a day, so the store writes at most once a day', () => {
    const state = createdState();
    expect(getSecretValue(scopeOf(state, T0 + HOUR), { secretId: 'shop/stripe' }).accessed).toBe(true);
    expect(getSecretValue(scopeOf(state, T0 + 2 * HOUR), { secretId: 'shop/stripe' }).accessed).toBe(false);
    expect(getSecretValue(scopeOf(state, T0 + DAY), { secretId: 'shop/stripe' }).accessed).toBe(true);
  });

  test('BatchGetSecretValue reports an unknown secret in Errors and still returns the others', () => {
    const batch = batchGetSecretValue(scopeOf(createdState()), { secretIds: ['shop/stripe', 'nope'] });
    expect(batch.values.map((read) => read.version.secretString)).toEqual(['one']);
    expect(batch.errors.map(({ secretId, error }) => [secretId, error.code])).toEqual([['nope', 'ResourceNotFoundException']]);
  });

  test.each([
    ['neither ids nor filters', {}],
    ['both ids and filters', { secretIds: ['shop/stripe'], filters: [] }],
    ['MaxResults with ids', { secretIds: ['shop/stripe'], maxResults: 5 }],
  ])('BatchGetSecretValue refuses %s', (_case, request) => {
    expect(thrown(() => batchGetSecretValue(scopeOf(createdState()), request)).code).toBe('InvalidParameterException');
  });
});

describe('rotation bookkeeping (facts §3.3 "Rotation exception")', () => {
  const LAMBDA = 'arn:aws:lambda:eu-west-1:123456789012:function:rotate';

  test('the first rotation needs a Lambda ARN', () => {
    const error = thrown(() => rotateSecret(scopeOf(createdState()), { secretId: 'shop/stripe', token: V2, rotateImmediately: true }));
    expect(error.code).toBe('InvalidRequestException');
  });

  test('rotating at once leaves an empty AWSPENDING version under the token, which a put with it fills', () => {
    const state = createdState();
    const rotated = rotateSecret(scopeOf(state), { secretId: 'shop/stripe', token: V2, lambdaArn: LAMBDA, rotateImmediately: true });
    expect(rotated.versionId).toBe(V2);
    expect(labels(state.secrets[0])).toEqual({ [V1]: [AWSCURRENT], [V2]: ['AWSPENDING'] });
    expect(thrown(() => getSecretValue(scopeOf(state), { secretId: 'shop/stripe', versionStage: 'AWSPENDING' })).code).toBe('ResourceNotFoundException');
    putSecretValue(scopeOf(state), { secretId: 'shop/stripe', token: V2, value: { secretString: 'rotated' }, stages: ['AWSPENDING'] });
    expect(getSecretValue(scopeOf(state), { secretId: 'shop/stripe', versionStage: 'AWSPENDING' }).version.secretString).toBe('rotated');
  });

  test('a retried rotation with the same token adds no second version', () => {
    const state = createdState();
    const request = { secretId: 'shop/stripe', token: V2, lambdaArn: LAMBDA, rotateImmediately: true };
    rotateSecret(scopeOf(state), request);
    rotateSecret(scopeOf(state), request);
    expect(state.secrets[0].versions).toHaveLength(2);
  });

  test('a later rotation keeps the Lambda and rules it was given before', () => {
    const state = createdState();
    rotateSecret(scopeOf(state), { secretId: 'shop/stripe', token: V2, lambdaArn: LAMBDA, rules: { AutomaticallyAfterDays: 30 }, rotateImmediately: false });
    expect(rotateSecret(scopeOf(state), { secretId: 'shop/stripe', token: V3, rotateImmediately: false }).versionId).toBeUndefined();
    expect(state.secrets[0].rotation).toEqual({ enabled: true, lambdaArn: LAMBDA, rules: { AutomaticallyAfterDays: 30 } });
  });

  test('CancelRotateSecret disables rotation, and refuses a secret without rotation enabled', () => {
    const state = createdState();
    rotateSecret(scopeOf(state), { secretId: 'shop/stripe', token: V2, lambdaArn: LAMBDA, rotateImmediately: false });
    cancelRotateSecret(scopeOf(state), 'shop/stripe');
    expect(state.secrets[0].rotation?.enabled).toBe(false);
    expect(thrown(() => cancelRotateSecret(scopeOf(state), 'shop/stripe')).code).toBe('InvalidRequestException');
  });
});

describe('resource policies (facts §2.3 PutResourcePolicy, §2.4, §4.7)', () => {
  const statement = (principal: unknown, extra: object = {}) => JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: principal, Action: '*', ...extra }] });
  const ROLE = 'arn:aws:iam::123456789012:role/checkout';

  test.each([
    ['text that is not JSON', '{"Statement": ', 'This resource policy contains a syntax error.'],
    ['JSON that is no object', '[]', 'This resource policy contains a syntax error.'],
    ['an AWS principal that is no account, ARN or *', statement({ AWS: 'checkout-role' }), 'This resource policy contains an unsupported principal.'],
  ])('%s is MalformedPolicyDocumentException', (_case, text, message) => {
    const error = thrown(() => parsePolicy(text));
    expect([error.code, error.message]).toEqual(['MalformedPolicyDocumentException', message]);
  });

  test.each([
    [statement('*'), true],
    [statement({ AWS: '*' }), true],
    [statement({ AWS: [ROLE, '*'] }), true],
    [statement({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }), false],
    [statement({ AWS: ROLE }), false],
    [JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }] }), false],
  ])('%s grants public access: %s', (text, expected) => {
    expect(grantsPublicAccess(parsePolicy(text))).toBe(expected);
  });

  test('BlockPublicPolicy refuses a public policy and keeps the old one', () => {
    const state = createdState();
    putResourcePolicy(scopeOf(state), { secretId: 'shop/stripe', policy: statement({ AWS: ROLE }), blockPublicPolicy: true });
    const error = thrown(() => putResourcePolicy(scopeOf(state), { secretId: 'shop/stripe', policy: statement('*'), blockPublicPolicy: true }));
    expect(error.code).toBe('PublicPolicyException');
    expect(state.secrets[0].resourcePolicy).toBe(statement({ AWS: ROLE }));
  });

  test('the policy is stored byte for byte as sent', () => {
    const state = createdState();
    const text = `{ "Statement" : [ { "Effect":"Allow", "Principal": {"AWS": "${ROLE}"}, "Action": "*" } ] }`;
    expect(putResourcePolicy(scopeOf(state), { secretId: 'shop/stripe', policy: text, blockPublicPolicy: false }).resourcePolicy).toBe(text);
  });

  test('ValidateResourcePolicy reports public access as a failed check instead of refusing', () => {
    expect(validateResourcePolicy(scopeOf(createdState()), { policy: statement('*') })).toEqual([
      { checkName: 'PUBLIC_ACCESS_CHECK', message: 'This resource policy grants public access to the secret.' },
    ]);
    expect(validateResourcePolicy(scopeOf(createdState()), { secretId: 'shop/stripe', policy: statement({ AWS: ROLE }) })).toEqual([]);
  });
});
