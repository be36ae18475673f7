/**
 * The Secrets Manager stand-in through the real `@aws-sdk/client-secrets-manager`, plus raw HTTP for
 * what the SDK would never send. Every test starts its own stand-in on port 0.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { SecretsManagerEmulator, startSecretsManagerEmulator } from '../../../../emulators/secrets-manager';
import { DAY, failureOf, FakeClock, rawCall, REGION, sdkClient, standInForEachTest, terraformToken as tfToken } from '../../../helpers/secrets-manager-stand-in';

const NAME = 'stripe-config/production/runtime';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/checkout' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' },
  ],
});

let emulator: SecretsManagerEmulator;
let client: SecretsManagerClient;
let clock: FakeClock;
const { restart } = standInForEachTest((standIn) => ({ emulator, client, clock } = standIn));

/** A secret with two versions put the Terraform way; returns [first, second] version ids. */
async function secretWithTwoVersions(): Promise<[string, string]> {
  const created = await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'document-1', ClientRequestToken: tfToken(1) }));
  const put = await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'document-2', ClientRequestToken: tfToken(2) }));
  return [created.VersionId ?? '', put.VersionId ?? ''];
}

describe('values and versions', () => {
  test('a created secret has an ARN in the request region with a six-character suffix (facts §2.2)', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'document-1' }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:${REGION}:123456789012:secret:${NAME}-[A-Za-z0-9]{6}$`));
    const described = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect(described.ARN).toBe(created.ARN);
  });

  test('PutSecretValue makes the new version current and the old one previous (facts §3.2)', async () => {
    const [v1, v2] = await secretWithTwoVersions();
    const described = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect(described.VersionIdsToStages).toEqual({ [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT'] });
    const value = await client.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect({ id: value.VersionId, value: value.SecretString, stages: value.VersionStages }).toEqual({
      id: v2,
      value: 'document-2',
      stages: ['AWSCURRENT'],
    });
  });

  test('GetSecretValue reads a version by id or by label', async () => {
    const [v1] = await secretWithTwoVersions();
    const byId = await client.send(new GetSecretValueCommand({ SecretId: NAME, VersionId: v1 }));
    const byLabel = await client.send(new GetSecretValueCommand({ SecretId: NAME, VersionStage: 'AWSPREVIOUS' }));
    expect([byId.SecretString, byLabel.SecretString]).toEqual(['document-1', 'document-1']);
  });

  test('ListSecretVersionIds lists labeled versions with the real ARN and creation dates (facts §6.9)', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: tfToken(1) }));
    clock.advance(1000);
    await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'two', ClientRequestToken: tfToken(2) }));
    clock.advance(1000);
    await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'three', ClientRequestToken: tfToken(3) }));

    const listed = await client.send(new ListSecretVersionIdsCommand({ SecretId: NAME }));
    expect(listed.ARN).toBe(created.ARN);
    expect(listed.Versions?.map((v) => [v.VersionId, v.VersionStages])).toEqual([
      [tfToken(2), ['AWSPREVIOUS']],
      [tfToken(3), ['AWSCURRENT']],
    ]);
    expect(listed.Versions?.[1].CreatedDate?.getTime()).toBe(clock.now());

    const all = await client.send(new ListSecretVersionIdsCommand({ SecretId: NAME, IncludeDeprecated: true }));
    expect(all.Versions?.map((v) => v.VersionId)).toEqual([tfToken(1), tfToken(2), tfToken(3)]);
  });

  test('ListSecretVersionIds pages with MaxResults and NextToken', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: tfToken(1) }));
    await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'two', ClientRequestToken: tfToken(2) }));
    await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'three', ClientRequestToken: tfToken(3), VersionStages: ['blue'] }));
    const first = await client.send(new ListSecretVersionIdsCommand({ SecretId: NAME, MaxResults: 2 }));
    const second = await client.send(new ListSecretVersionIdsCommand({ SecretId: NAME, MaxResults: 2, NextToken: first.NextToken }));
    expect(first.Versions).toHaveLength(2);
    expect(second.Versions?.map((v) => v.VersionId)).toEqual([tfToken(3)]);
    expect(second.NextToken).toBeUndefined();
  });

  test('CreateSecret without a value creates no version (facts §6.6)', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: NAME, Description: '', ClientRequestToken: tfToken(1) }));
    expect(created.VersionId).toBeUndefined();
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).VersionIdsToStages).toEqual({});
    const failure = await failureOf(client.send(new GetSecretValueCommand({ SecretId: NAME })));
    expect(failure).toEqual({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
      status: 400,
    });
  });

  test('a retried PutSecretValue with the same token and value returns the existing version (facts §3.3)', async () => {
    const [v1] = await secretWithTwoVersions();
    const retry = await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'document-1', ClientRequestToken: v1 }));
    expect({ id: retry.VersionId, stages: retry.VersionStages }).toEqual({ id: v1, stages: ['AWSPREVIOUS'] });
  });

  test('a retried CreateSecret with the same token and value gets the first answer again (facts §3.3)', async () => {
    const first = await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: tfToken(1) }));
    const again = await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: tfToken(1) }));
    expect({ ARN: again.ARN, Name: again.Name, VersionId: again.VersionId }).toEqual({
      ARN: first.ARN,
      Name: first.Name,
      VersionId: first.VersionId,
    });
  });

  test('UpdateSecret with a value creates a version; without one it only changes metadata (facts §2.3)', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: tfToken(1) }));
    const metadata = await client.send(new UpdateSecretCommand({ SecretId: NAME, Description: 'runtime settings' }));
    expect(metadata.VersionId).toBeUndefined();
    const withValue = await client.send(new UpdateSecretCommand({ SecretId: NAME, SecretString: 'two', ClientRequestToken: tfToken(2) }));
    expect(withValue.VersionId).toBe(tfToken(2));
    const described = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect(described.Description).toBe('runtime settings');
    expect(described.VersionIdsToStages).toEqual({ [tfToken(1)]: ['AWSPREVIOUS'], [tfToken(2)]: ['AWSCURRENT'] });
  });

  test('a binary secret travels as base64 and comes back as the same bytes (facts §1.4)', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    await client.send(new CreateSecretCommand({ Name: NAME, SecretBinary: bytes }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect(Array.from(value.SecretBinary ?? [])).toEqual(Array.from(bytes));
    expect(value.SecretString).toBeUndefined();
  });

  test.each([
    ['its name', () => NAME],
    ['its full ARN', (arn: string) => arn],
    ['its partial ARN', (arn: string) => arn.slice(0, -7)],
  ])('every operation accepts the secret by %s (facts §6.10)', async (_how, idFrom) => {
    const created = await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: idFrom(created.ARN ?? '') }));
    expect(value.ARN).toBe(created.ARN);
  });

  test('secrets live in the region of the request signature (facts §1.1)', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
    const elsewhere = sdkClient(emulator, 'us-east-1');
    try {
      expect((await failureOf(elsewhere.send(new DescribeSecretCommand({ SecretId: NAME })))).name).toBe('ResourceNotFoundException');
    } finally {
      elsewhere.destroy();
    }
  });
});

describe('rollback label moves (facts §3.4, §3.5)', () => {
  test('moving AWSCURRENT with RemoveFromVersionId rolls back and the default read follows the label (facts §6.3)', async () => {
    const [v1, v2] = await secretWithTwoVersions();
    await client.send(
      new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: v1, RemoveFromVersionId: v2 }),
    );
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).VersionIdsToStages).toEqual({
      [v1]: ['AWSCURRENT'],
      [v2]: ['AWSPREVIOUS'],
    });
    expect((await client.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('document-1');
  });

  test('rollback refuses when AWSCURRENT moved meanwhile (stale RemoveFromVersionId)', async () => {
    const [v1, v2] = await secretWithTwoVersions();
    const v3 = (await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'document-3', ClientRequestToken: tfToken(3) })))
      .VersionId;
    const failure = await failureOf(
      client.send(new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: v1, RemoveFromVersionId: v2 })),
    );
    expect(failure.name).toBe('InvalidParameterException');
    expect(failure.status).toBe(400);
    expect(failure.message).toContain(`currently attached to version ${v3}`);
    expect((await client.send(new GetSecretValueCommand({ SecretId: NAME }))).VersionId).toBe(v3);
  });

  test('moving AWSCURRENT without RemoveFromVersionId fails with the verified message (facts §2.3)', async () => {
    const [v1, v2] = await secretWithTwoVersions();
    const failure = await failureOf(
      client.send(new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: v1 })),
    );
    expect(failure.message).toBe(
      `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${v2}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  });
});

describe('errors on the wire (facts §1.3, §6.1)', () => {
  test.each([
    [
      'an unknown secret',
      () => new GetSecretValueCommand({ SecretId: 'nope' }),
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret.",
    ],
    [
      'an unknown staging label',
      () => new GetSecretValueCommand({ SecretId: NAME, VersionStage: 'AWSPENDING' }),
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    ],
    [
      'a token reused with a different value',
      () => new PutSecretValueCommand({ SecretId: NAME, SecretString: 'other', ClientRequestToken: tfToken(1) }),
      'ResourceExistsException',
      expect.stringMatching(/^You can't use ClientRequestToken terraform-0+1 because that value is already in use for a version of secret arn:/),
    ],
    [
      'a second secret with the same name',
      () => new CreateSecretCommand({ Name: NAME, SecretString: 'x' }),
      'ResourceExistsException',
      `The operation failed because the secret ${NAME} already exists.`,
    ],
    [
      'both a string and a binary value',
      () => new PutSecretValueCommand({ SecretId: NAME, SecretString: 'x', SecretBinary: Uint8Array.from([1]) }),
      'InvalidParameterException',
      expect.stringContaining('both a binary secret value and a string secret value'),
    ],
    [
      'a token shorter than 32 characters (facts §3.3)',
      () => new PutSecretValueCommand({ SecretId: NAME, SecretString: 'x', ClientRequestToken: 'short-token' }),
      'ValidationException',
      "1 validation error detected: Value 'short-token' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32",
    ],
    [
      'a recovery window outside 7–30 days (facts §4.5)',
      () => new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 0 }),
      'InvalidParameterException',
      'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
    ],
    [
      'a policy that is not JSON',
      () => new PutResourcePolicyCommand({ SecretId: NAME, ResourcePolicy: 'not json' }),
      'MalformedPolicyDocumentException',
      'This resource policy contains a syntax error.',
    ],
    [
      'an invalid secret name (facts §3.7)',
      () => new CreateSecretCommand({ Name: 'bad name!' }),
      'InvalidParameterException',
      expect.stringContaining('Invalid name'),
    ],
  ])('%s is a 400 with the AWS code and message', async (_case, command, code, message) => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'document-1', ClientRequestToken: tfToken(1) }));
    const failure = await failureOf(client.send(command() as never));
    expect(failure).toEqual({ name: code, message, status: 400 });
  });

  test('an error body carries __type and capital-M Message, never HTML', async () => {
    const response = await rawCall(emulator, 'secretsmanager.DescribeSecret', JSON.stringify({ SecretId: 'nope' }));
    expect(response).toEqual({
      status: 400,
      contentType: 'application/x-amz-json-1.1',
      json: { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
    });
  });

  test.each([
    ['bad JSON', 'secretsmanager.DescribeSecret', '{"SecretId": ', 'SerializationException'],
    ['a JSON array body', 'secretsmanager.DescribeSecret', '[]', 'SerializationException'],
    ['a member of the wrong type', 'secretsmanager.DescribeSecret', '{"SecretId": 42}', 'SerializationException'],
    ['an unknown target', 'secretsmanager.LaunchRockets', '{}', 'UnknownOperationException'],
    ['a missing target', undefined, '{}', 'UnknownOperationException'],
    ['a missing SecretId', 'secretsmanager.GetSecretValue', '{}', 'ValidationException'],
  ])('%s gets an AWS-shaped 400 and the server keeps serving', async (_case, target, body, code) => {
    const response = await rawCall(emulator, target, body);
    expect({ status: response.status, type: response.json.__type, hasMessage: typeof response.json.Message }).toEqual({
      status: 400,
      type: code,
      hasMessage: 'string',
    });
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'still serving' }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('still serving');
  });

  test('a missing required member is named in the validation message', async () => {
    const response = await rawCall(emulator, 'secretsmanager.GetSecretValue', '{}');
    expect(response.json.Message).toBe(
      "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('wire encoding (facts §1.2, §1.4, §6.7, §6.8)', () => {
  test('DescribeSecret sends epoch-second numbers, always CreatedDate and LastChangedDate, and no KmsKeyId', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
    const response = await rawCall(emulator, 'secretsmanager.DescribeSecret', JSON.stringify({ SecretId: NAME }));
    expect(response.contentType).toBe('application/x-amz-json-1.1');
    expect(response.json.CreatedDate).toBe(clock.now() / 1000);
    expect(typeof response.json.LastChangedDate).toBe('number');
    for (const absent of ['KmsKeyId', 'DeletedDate', 'LastAccessedDate', 'RotationEnabled', 'Tags']) {
      expect(response.json).not.toHaveProperty(absent);
    }
  });

  test('GetSecretValue includes the version CreatedDate', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
    const response = await rawCall(emulator, 'secretsmanager.GetSecretValue', JSON.stringify({ SecretId: NAME }));
    expect(response.json.CreatedDate).toBe(clock.now() / 1000);
  });

  test('GetResourcePolicy omits ResourcePolicy when none is attached', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME }));
    const response = await rawCall(emulator, 'secretsmanager.GetResourcePolicy', JSON.stringify({ SecretId: NAME }));
    expect(Object.keys(response.json).sort()).toEqual(['ARN', 'Name']);
  });

  test('ListSecrets uses SecretVersionsToStages, DescribeSecret VersionIdsToStages', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: tfToken(1) }));
    const list = await rawCall(emulator, 'secretsmanager.ListSecrets', '{}');
    const entry = (list.json.SecretList as Record<string, unknown>[])[0];
    expect(entry.SecretVersionsToStages).toEqual({ [tfToken(1)]: ['AWSCURRENT'] });
    expect(entry).not.toHaveProperty('VersionIdsToStages');
  });
});

describe('deletion (facts §2.4, §3.8, §4.5)', () => {
  test('a secret scheduled for deletion still describes, with DeletedDate', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
    const deleted = await client.send(new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 7 }));
    expect(deleted.DeletionDate?.getTime()).toBe(clock.now() + 7 * DAY);
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).DeletedDate?.getTime()).toBe(clock.now());
  });

  test.each([
    ['GetSecretValue', () => new GetSecretValueCommand({ SecretId: NAME })],
    ['PutSecretValue', () => new PutSecretValueCommand({ SecretId: NAME, SecretString: 'two' })],
    ['UpdateSecretVersionStage', () => new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'blue', MoveToVersionId: tfToken(1) })],
    ['GetResourcePolicy', () => new GetResourcePolicyCommand({ SecretId: NAME })],
    ['DeleteResourcePolicy', () => new DeleteResourcePolicyCommand({ SecretId: NAME })],
  ])('%s on a secret scheduled for deletion is refused with the text Terraform matches', async (_op, command) => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: tfToken(1) }));
    await client.send(new DeleteSecretCommand({ SecretId: NAME }));
    expect(await failureOf(client.send(command() as never))).toEqual({
      name: 'InvalidRequestException',
      message: "You can't perform this operation on the secret because it was marked for deletion.",
      status: 400,
    });
  });

  test('creating a name that is scheduled for deletion is refused as "scheduled for deletion"', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME }));
    await client.send(new DeleteSecretCommand({ SecretId: NAME }));
    const failure = await failureOf(client.send(new CreateSecretCommand({ Name: NAME })));
    expect(failure.name).toBe('InvalidRequestException');
    expect(failure.message).toContain('scheduled for deletion');
  });

  test('ListSecrets hides scheduled deletions unless IncludePlannedDeletion is set', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME }));
    await client.send(new DeleteSecretCommand({ SecretId: NAME }));
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
    expect((await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList).toHaveLength(1);
  });

  test('RestoreSecret cancels a scheduled deletion', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
    await client.send(new DeleteSecretCommand({ SecretId: NAME }));
    await client.send(new RestoreSecretCommand({ SecretId: NAME }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('one');
  });

  test('a scheduled deletion is final once the recovery window has passed', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
    await client.send(new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 7 }));
    clock.advance(7 * DAY);
    expect((await failureOf(client.send(new DescribeSecretCommand({ SecretId: NAME })))).name).toBe('ResourceNotFoundException');
  });

  test('a force-deleted name can be re-created at once and gets a new ARN (facts §6.10)', async () => {
    const first = await client.send(new CreateSecretCommand({ Name: NAME }));
    await client.send(new DeleteSecretCommand({ SecretId: NAME, ForceDeleteWithoutRecovery: true }));
    const second = await client.send(new CreateSecretCommand({ Name: NAME }));
    expect(second.ARN).not.toBe(first.ARN);
    expect((await failureOf(client.send(new DescribeSecretCommand({ SecretId: first.ARN })))).name).toBe('ResourceNotFoundException');
  });

  test('force-deleting an unknown secret is not an error (facts §2.3)', async () => {
    await expect(client.send(new DeleteSecretCommand({ SecretId: 'nope', ForceDeleteWithoutRecovery: true }))).resolves.toBeDefined();
  });
});

describe('policies and tags', () => {
  test('a resource policy is stored unchanged, read back and deleted (facts §4.7)', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME }));
    await client.send(new PutResourcePolicyCommand({ SecretId: NAME, ResourcePolicy: POLICY, BlockPublicPolicy: true }));
    expect((await client.send(new GetResourcePolicyCommand({ SecretId: NAME }))).ResourcePolicy).toBe(POLICY);
    await client.send(new DeleteResourcePolicyCommand({ SecretId: NAME }));
    expect((await client.send(new GetResourcePolicyCommand({ SecretId: NAME }))).ResourcePolicy).toBeUndefined();
  });

  test('BlockPublicPolicy refuses a policy open to everyone', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME }));
    const open = POLICY.replace('arn:aws:iam::123456789012:role/checkout', '*');
    const failure = await failureOf(client.send(new PutResourcePolicyCommand({ SecretId: NAME, ResourcePolicy: open, BlockPublicPolicy: true })));
    expect(failure.name).toBe('PublicPolicyException');
  });

  test('TagResource overwrites by key and UntagResource ignores unknown keys', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, Tags: [{ Key: 'owner', Value: 'payments' }] }));
    await client.send(new TagResourceCommand({ SecretId: NAME, Tags: [{ Key: 'owner', Value: 'checkout' }, { Key: 'env', Value: 'prod' }] }));
    await client.send(new UntagResourceCommand({ SecretId: NAME, TagKeys: ['env', 'never-set'] }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).Tags).toEqual([{ Key: 'owner', Value: 'checkout' }]);
  });
});

describe('listing and batch reads', () => {
  async function createThree(): Promise<void> {
    await client.send(new CreateSecretCommand({ Name: 'stripe-config/production/runtime', Description: 'Production runtime', Tags: [{ Key: 'env', Value: 'production' }] }));
    await client.send(new CreateSecretCommand({ Name: 'stripe-config/staging/runtime', Description: 'Staging runtime', Tags: [{ Key: 'env', Value: 'staging' }] }));
    await client.send(new CreateSecretCommand({ Name: 'other/thing', SecretString: 'x' }));
  }

  test.each([
    ['name prefix', [{ Key: 'name' as const, Values: ['stripe-config/'] }], ['stripe-config/production/runtime', 'stripe-config/staging/runtime']],
    ['negated name', [{ Key: 'name' as const, Values: ['!stripe-config/'] }], ['other/thing']],
    ['tag value', [{ Key: 'tag-value' as const, Values: ['staging'] }], ['stripe-config/staging/runtime']],
    ['tag key', [{ Key: 'tag-key' as const, Values: ['env'] }], ['stripe-config/production/runtime', 'stripe-config/staging/runtime']],
    ['description, case-insensitive', [{ Key: 'description' as const, Values: ['production'] }], ['stripe-config/production/runtime']],
    ['all, by word', [{ Key: 'all' as const, Values: ['RUNTIME'] }], ['stripe-config/production/runtime', 'stripe-config/staging/runtime']],
  ])('ListSecrets filters by %s', async (_how, filters, expected) => {
    await createThree();
    const listed = await client.send(new ListSecretsCommand({ Filters: filters }));
    expect(listed.SecretList?.map((s) => s.Name).sort()).toEqual(expected);
  });

  test('ListSecrets pages with MaxResults and NextToken', async () => {
    await createThree();
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListSecretsCommand({ MaxResults: 2, NextToken: nextToken }));
      names.push(...(page.SecretList ?? []).map((s) => s.Name ?? ''));
      nextToken = page.NextToken;
      pages++;
    } while (nextToken);
    expect({ pages, count: new Set(names).size }).toEqual({ pages: 2, count: 3 });
  });

  test('an invalid NextToken is InvalidNextTokenException', async () => {
    expect((await failureOf(client.send(new ListSecretsCommand({ NextToken: 'garbage' })))).name).toBe('InvalidNextTokenException');
  });

  test('BatchGetSecretValue returns values and reports per-secret failures in Errors', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'document-1' }));
    const batch = await client.send(new BatchGetSecretValueCommand({ SecretIdList: [NAME, 'missing'] }));
    expect(batch.SecretValues?.map((v) => v.SecretString)).toEqual(['document-1']);
    expect(batch.Errors).toEqual([
      { SecretId: 'missing', ErrorCode: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
    ]);
  });

  test('BatchGetSecretValue also selects secrets by filter', async () => {
    await createThree();
    const batch = await client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['other/'] }] }));
    expect(batch.SecretValues?.map((v) => v.Name)).toEqual(['other/thing']);
  });
});

describe('persistence and concurrency', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sm-state-'));
  });
  afterEach(() => fs.rm(stateDir, { recursive: true, force: true }));

  test('state survives a restart with the same state file, ARN and labels included', async () => {
    const stateFile = path.join(stateDir, 'secrets.json');
    await restart({ stateFile });
    const [v1, v2] = await secretWithTwoVersions();
    await client.send(
      new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: v1, RemoveFromVersionId: v2 }),
    );
    const before = await client.send(new DescribeSecretCommand({ SecretId: NAME }));

    await restart({ stateFile });
    const after = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect({ arn: after.ARN, stages: after.VersionIdsToStages }).toEqual({ arn: before.ARN, stages: before.VersionIdsToStages });
    expect((await client.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('document-1');
    // Only the state file remains: temp files were renamed over it, and it is private (it holds values).
    expect(await fs.readdir(stateDir)).toEqual(['secrets.json']);
    expect((await fs.stat(stateFile)).mode & 0o777).toBe(0o600);
  });

  test('concurrent puts all land, leaving exactly one AWSCURRENT and one AWSPREVIOUS, and all are persisted', async () => {
    const stateFile = path.join(stateDir, 'secrets.json');
    await restart({ stateFile });
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'initial' }));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: `value-${i}`, ClientRequestToken: tfToken(i) })),
      ),
    );
    await restart({ stateFile });
    const all = await client.send(new ListSecretVersionIdsCommand({ SecretId: NAME, IncludeDeprecated: true }));
    const stages = (all.Versions ?? []).flatMap((v) => v.VersionStages ?? []);
    expect({ versions: all.Versions?.length, stages: stages.sort() }).toEqual({ versions: 21, stages: ['AWSCURRENT', 'AWSPREVIOUS'] });
  });

  test('of two concurrent rollbacks from the same version, exactly one wins the compare-and-swap', async () => {
    const [v1, v2] = await secretWithTwoVersions();
    const rollback = () =>
      client.send(
        new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: v1, RemoveFromVersionId: v2 }),
      );
    const outcomes = await Promise.allSettled([rollback(), rollback()]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  test('a corrupt state file stops the start without quoting its contents', async () => {
    const stateFile = path.join(stateDir, 'secrets.json');
    await fs.writeFile(stateFile, '{"format": "sk_test_do_not_print');
    await expect(startSecretsManagerEmulator({ stateFile })).rejects.toThrow(/is not valid JSON$/);
  });

  test('reset drops every secret', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME }));
    emulator.reset();
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
  });

  test('close returns promptly while a client keeps its connection alive', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME }));
    const started = Date.now();
    await emulator.close();
    expect(Date.now() - started).toBeLessThan(500);
  });
});
