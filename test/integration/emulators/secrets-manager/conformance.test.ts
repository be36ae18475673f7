/**
 * Conformance of the stand-in with the fact sheet, through the real `@aws-sdk/client-secrets-manager`:
 * every label rule of §3 and every error of §2.4 (plus the §1.3 wire rules they ride on), one test per
 * rule, each named after its fact. Where AWS's exact text is unknown the fact sheet says so and the
 * test asserts only the code.
 */
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  ValidateResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerEmulator } from '../../../../emulators/secrets-manager';
import { DAY, failureOf, FakeClock, rawCall, sdkClient, standInForEachTest, startStandIn, terraformToken as v } from '../../../helpers/secrets-manager-stand-in';

const NAME = 'shop/stripe/config';
const POLICY = (principal: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
  });

let emulator: SecretsManagerEmulator;
let client: SecretsManagerClient;
let clock: FakeClock;
standInForEachTest((standIn) => ({ emulator, client, clock } = standIn));

// ---- helpers: the calls in the shapes the rules talk about -----------------------------------------

const send = <T>(command: T) => client.send(command as never) as unknown as Promise<Record<string, unknown>>;
const create = (value?: string, token = v(1)) =>
  send(new CreateSecretCommand({ Name: NAME, ClientRequestToken: token, ...(value !== undefined && { SecretString: value }) }));
const put = (n: number, stages?: string[], value = `value-${n}`) =>
  send(new PutSecretValueCommand({ SecretId: NAME, SecretString: value, ClientRequestToken: v(n), ...(stages && { VersionStages: stages }) }));
const move = (label: string, to?: number, from?: number) =>
  send(
    new UpdateSecretVersionStageCommand({
      SecretId: NAME,
      VersionStage: label,
      ...(to !== undefined && { MoveToVersionId: v(to) }),
      ...(from !== undefined && { RemoveFromVersionId: v(from) }),
    }),
  );
/** VersionIdsToStages with each label list sorted; deprecated versions never appear (facts §6.8). */
const stages = async () => {
  const described = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
  return Object.fromEntries(Object.entries(described.VersionIdsToStages ?? {}).map(([id, labels]) => [id, [...labels].sort()]));
};
/** A secret with versions 1..n put the Terraform way (no VersionStages). */
async function versions(n: number): Promise<void> {
  await create('value-1');
  for (let i = 2; i <= n; i++) await put(i);
}

// ---- §3.1 labels ------------------------------------------------------------------------------------

describe('facts §3.1: labels point at versions', () => {
  test('§3.1 a label is on one version at a time, whichever call moved it', async () => {
    await versions(3);
    await put(4, ['blue']);
    await put(5, ['blue']);
    await move('green', 1);
    await move('green', 2, 1);
    const all = Object.values(await stages()).flat();
    expect(all.sort()).toEqual(['AWSCURRENT', 'AWSPREVIOUS', 'blue', 'green']);
  });

  test('§3.1 a version without labels is deprecated: left out of label maps and default listings, listed with IncludeDeprecated without a VersionStages key', async () => {
    await versions(3);
    expect(Object.keys(await stages())).toEqual([v(2), v(3)]);
    const listed = await client.send(new ListSecretVersionIdsCommand({ SecretId: NAME }));
    expect(listed.Versions?.map((x) => x.VersionId)).toEqual([v(2), v(3)]);
    const raw = await rawCall(emulator, 'secretsmanager.ListSecretVersionIds', JSON.stringify({ SecretId: NAME, IncludeDeprecated: true }));
    expect((raw.json.Versions as Record<string, unknown>[])[0]).toEqual({ VersionId: v(1), CreatedDate: expect.any(Number) });
  });

  test('§3.1 a deprecated version can still be read by VersionId, with empty VersionStages (facts §4.7)', async () => {
    await versions(3);
    const old = await client.send(new GetSecretValueCommand({ SecretId: NAME, VersionId: v(1) }));
    expect({ value: old.SecretString, stages: old.VersionStages }).toEqual({ value: 'value-1', stages: [] });
  });
});

// ---- §3.2 PutSecretValue ---------------------------------------------------------------------------

describe('facts §3.2: PutSecretValue and labels', () => {
  test('§3.2 without VersionStages the new version takes AWSCURRENT, the old one AWSPREVIOUS, and the older one is deprecated', async () => {
    await versions(3);
    expect(await stages()).toEqual({ [v(2)]: ['AWSPREVIOUS'], [v(3)]: ['AWSCURRENT'] });
  });

  test('§3.2 explicit labels are taken from another version without RemoveFromVersionId, and AWSCURRENT stays put', async () => {
    await versions(2);
    await move('blue', 1);
    const answer = await put(3, ['blue']);
    expect(answer.VersionStages).toEqual(['blue']);
    expect(await stages()).toEqual({ [v(1)]: ['AWSPREVIOUS'], [v(2)]: ['AWSCURRENT'], [v(3)]: ['blue'] });
  });

  test('§3.2 explicit AWSCURRENT moves AWSPREVIOUS as a plain put does', async () => {
    await versions(2);
    await put(3, ['AWSCURRENT', 'blue']);
    expect(await stages()).toEqual({ [v(2)]: ['AWSPREVIOUS'], [v(3)]: ['AWSCURRENT', 'blue'] });
  });

  test('§3.2 labels on the old AWSCURRENT version that the put does not name stay there (moto divergence §5.2 row 12)', async () => {
    await versions(1);
    await move('green', 1);
    await put(2);
    expect(await stages()).toEqual({ [v(1)]: ['AWSPREVIOUS', 'green'], [v(2)]: ['AWSCURRENT'] });
  });

  test('§3.2 the first version of a secret gets AWSCURRENT without being asked', async () => {
    await create();
    await put(1);
    expect(await stages()).toEqual({ [v(1)]: ['AWSCURRENT'] });
  });

  test('§3.2 a first version with explicit labels gets exactly those (provider acceptance test; unverified)', async () => {
    await create();
    await put(1, ['one']);
    expect(await stages()).toEqual({ [v(1)]: ['one'] });
  });

  test('§3.2 neither SecretString nor SecretBinary is InvalidRequestException', async () => {
    await create();
    const failure = await failureOf(client.send(new PutSecretValueCommand({ SecretId: NAME, ClientRequestToken: v(2) })));
    expect(failure).toEqual({ name: 'InvalidRequestException', message: 'You must provide either SecretString or SecretBinary.', status: 400 });
  });
});

// ---- §3.3 ClientRequestToken -----------------------------------------------------------------------

describe('facts §3.3: ClientRequestToken idempotency', () => {
  test('§3.3 the token becomes the VersionId, Terraform format included', async () => {
    await create();
    expect((await put(7)).VersionId).toBe(v(7));
  });

  test.each([
    ['CreateSecret', () => new CreateSecretCommand({ Name: NAME, SecretString: 'value-1', ClientRequestToken: v(1) })],
    ['PutSecretValue', () => new PutSecretValueCommand({ SecretId: NAME, SecretString: 'value-1', ClientRequestToken: v(1) })],
    ['UpdateSecret', () => new UpdateSecretCommand({ SecretId: NAME, SecretString: 'value-1', ClientRequestToken: v(1) })],
  ])('§3.3 %s again with the same token and value is a silent no-op returning that version', async (_op, command) => {
    await versions(2);
    const before = await stages();
    const again = await send(command());
    expect(again.VersionId).toBe(v(1));
    expect(await stages()).toEqual(before);
  });

  test('§3.3 a CreateSecret without a value retried with its token (a lost answer) gets the same secret, not ResourceExistsException', async () => {
    const first = await create();
    const again = await create();
    expect(again).toMatchObject({ ARN: first.ARN, Name: NAME });
    expect(again.VersionId).toBeUndefined();
    expect(await failureOf(create(undefined, v(2)))).toMatchObject({ name: 'ResourceExistsException', message: `The operation failed because the secret ${NAME} already exists.` });
  });

  test('§3.3 PutSecretValue replayed answers with the version\'s current labels', async () => {
    await versions(2);
    expect((await put(1, undefined, 'value-1')).VersionStages).toEqual(['AWSPREVIOUS']);
  });

  test.each([
    ['CreateSecret', () => new CreateSecretCommand({ Name: NAME, SecretString: 'other', ClientRequestToken: v(1) })],
    ['PutSecretValue', () => new PutSecretValueCommand({ SecretId: NAME, SecretString: 'other', ClientRequestToken: v(1) })],
    ['UpdateSecret', () => new UpdateSecretCommand({ SecretId: NAME, SecretString: 'other', ClientRequestToken: v(1) })],
  ])('§3.3 %s with the same token and different data is ResourceExistsException with AWS text', async (_op, command) => {
    await versions(1);
    const { ARN } = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect(await failureOf(send(command()))).toEqual({
      name: 'ResourceExistsException',
      message: `You can't use ClientRequestToken ${v(1)} because that value is already in use for a version of secret ${ARN}.`,
      status: 400,
    });
  });

  test('§3.3 rotation exception: the empty AWSPENDING version RotateSecret made is filled by a put with its token', async () => {
    await versions(1);
    const rotation = await send(
      new RotateSecretCommand({ SecretId: NAME, ClientRequestToken: v(9), RotationLambdaARN: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate' }),
    );
    expect(rotation.VersionId).toBe(v(9));
    expect(await stages()).toEqual({ [v(1)]: ['AWSCURRENT'], [v(9)]: ['AWSPENDING'] });
    await put(9, ['AWSPENDING'], 'rotated');
    const pending = await client.send(new GetSecretValueCommand({ SecretId: NAME, VersionStage: 'AWSPENDING' }));
    expect(pending.SecretString).toBe('rotated');
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).RotationEnabled).toBe(true);
    await client.send(new CancelRotateSecretCommand({ SecretId: NAME }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).RotationEnabled).toBe(false);
  });

  test.each([
    ['31 characters', 'x'.repeat(31), 'greater than or equal to 32'],
    ['65 characters', 'x'.repeat(65), 'less than or equal to 64'],
  ])('§3.6 a token of %s is a ValidationException naming clientRequestToken', async (_case, token, constraint) => {
    await create();
    const failure = await failureOf(client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'x', ClientRequestToken: token })));
    expect(failure).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(failure.message).toContain(`at 'clientRequestToken' failed to satisfy constraint: Member must have length ${constraint}`);
  });
});

// ---- §3.4 UpdateSecretVersionStage -----------------------------------------------------------------

describe('facts §3.4: UpdateSecretVersionStage', () => {
  test('§3.4 MoveToVersionId alone onto a label held elsewhere fails with the verified message', async () => {
    await versions(2);
    expect(await failureOf(move('AWSCURRENT', 1))).toEqual({
      name: 'InvalidParameterException',
      message: `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${v(2)}, so you must explicitly reference that version in RemoveFromVersionId.`,
      status: 400,
    });
  });

  test('§3.4 the RemoveFromVersionId rule applies to every label, not only AWSCURRENT (moto divergence §5.2 row 10)', async () => {
    await versions(2);
    await move('blue', 1);
    expect(await failureOf(move('blue', 2))).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('Staging label blue is currently attached to version') });
    expect(await stages()).toEqual({ [v(1)]: ['AWSPREVIOUS', 'blue'], [v(2)]: ['AWSCURRENT'] });
  });

  test('§3.4 MoveToVersionId alone attaches a label nobody holds, adding to the version\'s labels', async () => {
    await versions(2);
    await move('blue', 2);
    expect(await stages()).toEqual({ [v(1)]: ['AWSPREVIOUS'], [v(2)]: ['AWSCURRENT', 'blue'] });
  });

  test.each(['AWSPREVIOUS', 'blue'])('§3.4 RemoveFromVersionId alone removes %s (Terraform\'s destroy relies on it)', async (label) => {
    await versions(2);
    if (label === 'blue') await move('blue', 1);
    await move(label, undefined, 1);
    const remaining = label === 'blue' ? { [v(1)]: ['AWSPREVIOUS'] } : {};
    expect(await stages()).toEqual({ ...remaining, [v(2)]: ['AWSCURRENT'] });
  });

  test('§3.4 AWSCURRENT can be moved but never removed outright (facts §6.5)', async () => {
    await versions(2);
    expect(await failureOf(move('AWSCURRENT', undefined, 2))).toEqual({
      name: 'InvalidParameterException',
      message: "You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.",
      status: 400,
    });
  });

  test('§3.4 with both ids, RemoveFromVersionId must be the current holder: the compare-and-swap fails and changes nothing', async () => {
    await versions(3);
    const before = await stages();
    expect(await failureOf(move('AWSCURRENT', 1, 2))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(await stages()).toEqual(before);
  });

  test('§3.4 when no version holds AWSCURRENT, moving it needs no RemoveFromVersionId (moto divergence §5.2 row 17)', async () => {
    await create();
    await put(1, ['AWSPENDING']);
    await move('AWSCURRENT', 1);
    expect(await stages()).toEqual({ [v(1)]: ['AWSCURRENT', 'AWSPENDING'] });
  });

  test('§3.4 an unknown version id is ResourceNotFoundException', async () => {
    await versions(1);
    expect(await failureOf(move('blue', 42))).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
  });

  test('§3.4 moving a label onto the version that holds it changes nothing', async () => {
    await versions(2);
    await move('AWSCURRENT', 2, 2);
    expect(await stages()).toEqual({ [v(1)]: ['AWSPREVIOUS'], [v(2)]: ['AWSCURRENT'] });
  });
});

// ---- §3.5 AWSPREVIOUS ------------------------------------------------------------------------------

describe('facts §3.5: AWSPREVIOUS follows AWSCURRENT automatically', () => {
  test('§3.5 the aws_verified scenario: v2 (AWSPENDING) made current keeps AWSPENDING, v1 gets AWSPREVIOUS, v0 loses it', async () => {
    await versions(2);
    await put(3, ['AWSPENDING']);
    await move('AWSCURRENT', 3, 2);
    expect(await stages()).toEqual({ [v(2)]: ['AWSPREVIOUS'], [v(3)]: ['AWSCURRENT', 'AWSPENDING'] });
  });

  test('§3.5 the move target loses AWSPREVIOUS when it becomes current (the rollback)', async () => {
    await versions(2);
    await move('AWSCURRENT', 1, 2);
    expect(await stages()).toEqual({ [v(1)]: ['AWSCURRENT'], [v(2)]: ['AWSPREVIOUS'] });
  });

  test('§3.5 repeating the rollback with the roles swapped undoes it', async () => {
    await versions(2);
    await move('AWSCURRENT', 1, 2);
    await move('AWSCURRENT', 2, 1);
    expect(await stages()).toEqual({ [v(1)]: ['AWSPREVIOUS'], [v(2)]: ['AWSCURRENT'] });
  });

  test('§3.5 UpdateSecret with a value moves both labels like a put', async () => {
    await versions(2);
    await send(new UpdateSecretCommand({ SecretId: NAME, SecretString: 'value-3', ClientRequestToken: v(3) }));
    expect(await stages()).toEqual({ [v(2)]: ['AWSPREVIOUS'], [v(3)]: ['AWSCURRENT'] });
  });

  test('§6.3 the default read follows the AWSCURRENT label after a move (moto divergence §5.2 row 1)', async () => {
    await versions(2);
    await move('AWSCURRENT', 1, 2);
    const value = await client.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect({ id: value.VersionId, value: value.SecretString }).toEqual({ id: v(1), value: 'value-1' });
  });
});

// ---- §3.6 limits and §3.7 names -----------------------------------------------------------------

describe('facts §3.6, §3.7: limits and names', () => {
  test('§3.6 a secret carries at most 20 distinct labels: the 21st is LimitExceededException', async () => {
    await versions(1);
    for (let i = 1; i <= 19; i++) await move(`label-${i}`, 1);
    expect(await failureOf(move('label-20', 1))).toMatchObject({ name: 'LimitExceededException', status: 400 });
  });

  test('§3.6 a put names at most 20 labels', async () => {
    await create();
    const labels = Array.from({ length: 21 }, (_, i) => `l${i}`);
    expect(await failureOf(put(1, labels))).toMatchObject({ name: 'ValidationException', message: expect.stringContaining("'versionStages'") });
  });

  test('§3.6 deprecated versions beyond 100 are cleaned up, but none younger than 24 hours', async () => {
    await versions(1);
    for (let i = 2; i <= 105; i++) await put(i);
    const count = async () => {
      let total = 0;
      let token: string | undefined;
      do {
        const page = await client.send(new ListSecretVersionIdsCommand({ SecretId: NAME, IncludeDeprecated: true, NextToken: token }));
        total += page.Versions?.length ?? 0;
        token = page.NextToken;
      } while (token);
      return total;
    };
    expect(await count()).toBe(105);
    clock.advance(DAY);
    await put(106);
    expect(await count()).toBe(100);
  });

  test.each([
    ['a 65,536-character SecretString is accepted', () => new CreateSecretCommand({ Name: NAME, SecretString: 'x'.repeat(65536) }), undefined],
    ['a 65,537-character SecretString is refused', () => new CreateSecretCommand({ Name: NAME, SecretString: 'x'.repeat(65537) }), "'secretString'"],
    ['a 65,537-byte SecretBinary is refused', () => new CreateSecretCommand({ Name: NAME, SecretBinary: new Uint8Array(65537) }), "'secretBinary'"],
    ['a 512-character name is accepted', () => new CreateSecretCommand({ Name: 'n'.repeat(512) }), undefined],
    ['a 513-character name is refused', () => new CreateSecretCommand({ Name: 'n'.repeat(513) }), "'name'"],
    ['a 2,049-character description is refused', () => new CreateSecretCommand({ Name: NAME, Description: 'd'.repeat(2049) }), "'description'"],
    ['a 129-character tag key is refused', () => new CreateSecretCommand({ Name: NAME, Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }), "'tags.1.member.key'"],
    ['a 257-character staging label is refused', () => new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 's'.repeat(257), MoveToVersionId: v(1) }), "'versionStage'"],
  ])('§3.6 %s', async (_case, command, field) => {
    if (field === undefined) {
      await expect(send(command())).resolves.toBeDefined();
      return;
    }
    const failure = await failureOf(send(command()));
    expect(failure).toMatchObject({ name: 'ValidationException', status: 400, message: expect.stringContaining(field) });
    // Values never come back in the message: a secret must not be echoed into logs.
    expect(failure.message).not.toContain('xxxxxxxx');
  });

  test('§3.6 a resource policy over 20,480 characters is refused', async () => {
    await create();
    const long = POLICY('*').replace('"2012-10-17"', `"2012-10-17","Id":"${'p'.repeat(20480)}"`);
    expect(await failureOf(send(new PutResourcePolicyCommand({ SecretId: NAME, ResourcePolicy: long })))).toMatchObject({ name: 'ValidationException' });
  });

  test.each(['bad name!', 'space name', 'semi;colon', 'ümlaut'])('§3.7 the name %j is refused as InvalidParameterException', async (name) => {
    expect(await failureOf(send(new CreateSecretCommand({ Name: name })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  test('§3.7 every documented name character is accepted', async () => {
    const created = await send(new CreateSecretCommand({ Name: 'Az09/_+=.@-name' }));
    expect(created.Name).toBe('Az09/_+=.@-name');
  });
});

// ---- §3.8 and §2.4: deleted secrets and the strings the provider matches -------------------------

const MARKED = "You can't perform this operation on the secret because it was marked for deletion.";

describe('facts §3.8, §2.4: a secret scheduled for deletion', () => {
  beforeEach(async () => {
    await versions(2);
    await client.send(new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 7 }));
  });

  test.each([
    ['GetSecretValue', () => new GetSecretValueCommand({ SecretId: NAME })],
    ['PutSecretValue', () => new PutSecretValueCommand({ SecretId: NAME, SecretString: 'x', ClientRequestToken: v(3) })],
    ['UpdateSecret', () => new UpdateSecretCommand({ SecretId: NAME, Description: 'x' })],
    ['UpdateSecretVersionStage', () => new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: v(1), RemoveFromVersionId: v(2) })],
    ['GetResourcePolicy', () => new GetResourcePolicyCommand({ SecretId: NAME })],
    ['PutResourcePolicy', () => new PutResourcePolicyCommand({ SecretId: NAME, ResourcePolicy: POLICY('123456789012') })],
    ['DeleteResourcePolicy', () => new DeleteResourcePolicyCommand({ SecretId: NAME })],
    ['TagResource', () => new TagResourceCommand({ SecretId: NAME, Tags: [{ Key: 'k', Value: 'v' }] })],
    ['UntagResource', () => new UntagResourceCommand({ SecretId: NAME, TagKeys: ['k'] })],
  ])('§2.4 %s is InvalidRequestException with the exact "marked for deletion" sentence (ASCII apostrophe)', async (_op, command) => {
    expect(await failureOf(send(command()))).toEqual({ name: 'InvalidRequestException', message: MARKED, status: 400 });
  });

  test('§3.8 DescribeSecret still works and carries DeletedDate (Terraform reads it as gone)', async () => {
    const described = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
    expect(described.DeletedDate?.getTime()).toBe(clock.now());
  });

  test('§2.4 CreateSecret of the same name is InvalidRequestException containing "scheduled for deletion" (Terraform retries it)', async () => {
    const failure = await failureOf(send(new CreateSecretCommand({ Name: NAME, SecretString: 'again' })));
    expect(failure).toMatchObject({ name: 'InvalidRequestException', status: 400, message: expect.stringContaining('scheduled for deletion') });
  });

  test('§2.3 RestoreSecret clears DeletedDate and makes the value readable again', async () => {
    await client.send(new RestoreSecretCommand({ SecretId: NAME }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).DeletedDate).toBeUndefined();
    expect((await client.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('value-2');
  });
});

describe('facts §2.4: the other strings the provider matches', () => {
  test('§2.4 a policy principal that is not an ARN, account id or * is "This resource policy contains an unsupported principal"', async () => {
    await create();
    const failure = await failureOf(send(new PutResourcePolicyCommand({ SecretId: NAME, ResourcePolicy: POLICY('checkout-role') })));
    expect(failure).toEqual({ name: 'MalformedPolicyDocumentException', message: 'This resource policy contains an unsupported principal.', status: 400 });
  });

  test.each([
    ['GetSecretValue', () => new GetSecretValueCommand({ SecretId: 'missing' })],
    ['DescribeSecret', () => new DescribeSecretCommand({ SecretId: 'missing' })],
    ['ListSecretVersionIds (never a 500, facts §6.9)', () => new ListSecretVersionIdsCommand({ SecretId: 'missing' })],
    ['UpdateSecretVersionStage', () => new UpdateSecretVersionStageCommand({ SecretId: 'missing', VersionStage: 'AWSCURRENT', MoveToVersionId: v(1) })],
    ['GetResourcePolicy', () => new GetResourcePolicyCommand({ SecretId: 'missing' })],
    ['DeleteSecret without force', () => new DeleteSecretCommand({ SecretId: 'missing' })],
    ['RestoreSecret', () => new RestoreSecretCommand({ SecretId: 'missing' })],
  ])('§2.4 anything missing is ResourceNotFoundException, status 400 not 404 (§6.1): %s', async (_op, command) => {
    expect(await failureOf(send(command()))).toEqual({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      status: 400,
    });
  });

  test('§2.3 BlockPublicPolicy refuses a policy open to everyone with PublicPolicyException; ValidateResourcePolicy reports it', async () => {
    await create();
    expect(await failureOf(send(new PutResourcePolicyCommand({ SecretId: NAME, ResourcePolicy: POLICY('*'), BlockPublicPolicy: true })))).toMatchObject({
      name: 'PublicPolicyException',
      status: 400,
    });
    const validation = await client.send(new ValidateResourcePolicyCommand({ SecretId: NAME, ResourcePolicy: POLICY('*') }));
    expect(validation.PolicyValidationPassed).toBe(false);
    const fine = await client.send(new ValidateResourcePolicyCommand({ ResourcePolicy: POLICY('arn:aws:iam::123456789012:role/checkout') }));
    expect(fine).toMatchObject({ PolicyValidationPassed: true, ValidationErrors: [] });
  });

  test('§1.3 the error body is {"__type", "Message"} with x-amzn-ErrorType equal to __type', async () => {
    const response = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.DescribeSecret' },
      body: JSON.stringify({ SecretId: 'missing' }),
    });
    expect({ status: response.status, type: response.headers.get('x-amzn-errortype'), body: await response.json() }).toEqual({
      status: 400,
      type: 'ResourceNotFoundException',
      body: { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
    });
  });
});

// ---- §2.2 SecretId forms ---------------------------------------------------------------------------

describe('facts §2.2, §6.10: SecretId as name, full ARN or partial ARN on every operation', () => {
  const operations: [string, (id: string) => unknown][] = [
    ['DescribeSecret', (id) => new DescribeSecretCommand({ SecretId: id })],
    ['GetSecretValue', (id) => new GetSecretValueCommand({ SecretId: id })],
    ['PutSecretValue', (id) => new PutSecretValueCommand({ SecretId: id, SecretString: 'value-3', ClientRequestToken: v(3) })],
    ['UpdateSecret', (id) => new UpdateSecretCommand({ SecretId: id, Description: 'd' })],
    ['UpdateSecretVersionStage', (id) => new UpdateSecretVersionStageCommand({ SecretId: id, VersionStage: 'AWSCURRENT', MoveToVersionId: v(1), RemoveFromVersionId: v(2) })],
    ['ListSecretVersionIds', (id) => new ListSecretVersionIdsCommand({ SecretId: id })],
    ['TagResource', (id) => new TagResourceCommand({ SecretId: id, Tags: [{ Key: 'k', Value: 'v' }] })],
    ['UntagResource', (id) => new UntagResourceCommand({ SecretId: id, TagKeys: ['k'] })],
    ['PutResourcePolicy', (id) => new PutResourcePolicyCommand({ SecretId: id, ResourcePolicy: POLICY('123456789012') })],
    ['GetResourcePolicy', (id) => new GetResourcePolicyCommand({ SecretId: id })],
    ['DeleteResourcePolicy', (id) => new DeleteResourcePolicyCommand({ SecretId: id })],
    ['DeleteSecret', (id) => new DeleteSecretCommand({ SecretId: id, ForceDeleteWithoutRecovery: true })],
  ];
  const forms: [string, (arn: string) => string][] = [
    ['name', () => NAME],
    ['full ARN', (arn) => arn],
    ['partial ARN', (arn) => arn.slice(0, -7)],
  ];
  test.each(operations.flatMap(([op, command]) => forms.map(([form, id]) => [op, form, command, id] as const)))(
    '§2.2 %s finds the secret by its %s',
    async (_op, _form, command, idFrom) => {
      await versions(2);
      const { ARN } = await client.send(new DescribeSecretCommand({ SecretId: NAME }));
      const answer = await send(command(idFrom(ARN ?? '')));
      if ('ARN' in answer) expect(answer.ARN).toBe(ARN);
    },
  );

  test('§6.10 the ARN suffix is stable across calls and restarts, and a re-created name gets a new one', async () => {
    const first = (await create('x')).ARN;
    expect((await client.send(new DescribeSecretCommand({ SecretId: NAME }))).ARN).toBe(first);
    await client.send(new DeleteSecretCommand({ SecretId: NAME, ForceDeleteWithoutRecovery: true }));
    const second = (await create('x')).ARN;
    expect(second).not.toBe(first);
    expect(await failureOf(send(new DescribeSecretCommand({ SecretId: first as string })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('§1.1 the region and so the ARN come from the SigV4 credential scope', async () => {
    const tokyo = sdkClient(emulator, 'ap-northeast-1');
    try {
      const created = await tokyo.send(new CreateSecretCommand({ Name: NAME }));
      expect(created.ARN).toMatch(/^arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shop\/stripe\/config-[A-Za-z0-9]{6}$/);
    } finally {
      tokyo.destroy();
    }
  });

  test('§1.1 an access key mapped to another account gets that account\'s ARNs and sees only its own secrets', async () => {
    const shared = await startStandIn({ accountIds: { AKIDOTHER: '210987654321' } });
    const mine = shared.client;
    const theirs = new SecretsManagerClient({ endpoint: shared.emulator.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' }, maxAttempts: 1 });
    try {
      const created = await theirs.send(new CreateSecretCommand({ Name: NAME, SecretString: 'theirs' }));
      expect(created.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:210987654321:secret:/);
      expect(await failureOf(mine.send(new GetSecretValueCommand({ SecretId: NAME })))).toMatchObject({ name: 'ResourceNotFoundException' });
      await mine.send(new CreateSecretCommand({ Name: NAME, SecretString: 'mine' }));
      expect((await theirs.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('theirs');
    } finally {
      theirs.destroy();
      await shared.close();
    }
  });

  test('a deterministic arnSuffix option gives predictable ARNs for tests', async () => {
    const fixed = await startStandIn({ arnSuffix: () => 'Fixed1' });
    try {
      const created = await fixed.client.send(new CreateSecretCommand({ Name: NAME }));
      expect(created.ARN).toBe('arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe/config-Fixed1');
    } finally {
      await fixed.close();
    }
  });
});
