import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createConfigLoader, parseRuntimeDocument, SUPPORTED_SCHEMA_VERSIONS, validateRuntimeDocument, type ConfigRejection } from '../../../runtime';
import { sampleEnvironment } from '../../helpers/environments';

/** A Secrets Manager client whose AWSCURRENT the test sets by hand. */
function fakeClient() {
  const current = { json: '', versionId: 'v1' };
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected command');
      return { SecretString: current.json, VersionId: current.versionId };
    },
  } as unknown as SecretsManagerClient;
  return { client, current };
}

/** The sample document restated in another schema version, with a field only that version would know. */
function inVersion(json: string, schemaVersion: number): string {
  return JSON.stringify({ ...JSON.parse(json), schemaVersion, checkoutFlow: { kind: 'from-a-newer-release' } });
}

describe('documents say which schema version they need', () => {
  const v1 = sampleEnvironment('staging').rendered.json;

  test('the document the tool renders is in a version this runtime understands', () => {
    expect(SUPPORTED_SCHEMA_VERSIONS).toContain(JSON.parse(v1).schemaVersion);
    expect(parseRuntimeDocument(v1)).toEqual({ document: JSON.parse(v1), problems: [] });
  });

  test('a newer schema version is one problem at /schemaVersion naming both versions, not a pile of schema errors', () => {
    const parsed = parseRuntimeDocument(inVersion(v1, 3));
    expect(parsed.document).toBeUndefined();
    expect(parsed.unsupportedSchemaVersion).toBe(3);
    expect(parsed.problems).toEqual([
      { path: '/schemaVersion', message: 'schema version 3 is newer than this runtime understands (1, 2); upgrade stripe-config/runtime to a release that understands it' },
    ]);
  });

  test('an older schema version is refused as such, with the fix on the tool side', () => {
    expect(validateRuntimeDocument(JSON.parse(inVersion(v1, 0)))).toEqual([
      { path: '/schemaVersion', message: expect.stringMatching(/^schema version 0 is older than this runtime understands \(1, 2\); render and deploy the document again/) },
    ]);
  });

  test.each([
    ['a string', '2'],
    ['a fraction', 1.5],
  ])('a schemaVersion that is %s is an ordinary schema error, not a version refusal', (_, schemaVersion) => {
    const parsed = parseRuntimeDocument(JSON.stringify({ ...JSON.parse(v1), schemaVersion }));
    expect(parsed.unsupportedSchemaVersion).toBeUndefined();
    expect(parsed.problems).toEqual([{ path: '/schemaVersion', message: expect.stringMatching(/^must be (1|number)$|^must be one of 1, 2/) }]);
  });
});

describe('schema version 2: the statement descriptor suffix may be omitted', () => {
  const v1 = sampleEnvironment('staging').rendered.json;
  const withoutSuffix = (schemaVersion: number) => {
    const document = JSON.parse(v1);
    delete document.payments.statementDescriptorSuffix;
    return JSON.stringify({ ...document, schemaVersion });
  };

  test('a version 2 document without a suffix is accepted', () => {
    expect(parseRuntimeDocument(withoutSuffix(2)).problems).toEqual([]);
  });

  test('a version 1 document keeps meaning what version-1 runtimes read: without a suffix it is refused at the field', () => {
    expect(parseRuntimeDocument(withoutSuffix(1)).problems).toEqual([
      { path: '/payments/statementDescriptorSuffix', message: 'is required in schema version 1 (omitting it needs schema version 2)' },
    ]);
  });
});

describe('the config loader meets a schema version it does not understand', () => {
  const v1 = sampleEnvironment('staging').rendered.json;
  let time = 0;
  const now = () => time;
  beforeEach(() => (time = 1_000));

  test('it keeps serving the last good document and reports a schema-version refusal with the version', async () => {
    const { client, current } = fakeClient();
    current.json = v1;
    const rejected: ConfigRejection[] = [];
    const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 10, now, onRejected: (reason) => rejected.push(reason) });
    expect((await loader.get()).versionId).toBe('v1');

    current.json = inVersion(v1, 3);
    current.versionId = 'v2';
    time += 20;
    const served = await loader.get();

    expect(served).toMatchObject({ versionId: 'v1', json: v1 });
    expect(rejected).toEqual([
      { versionId: 'v2', unsupportedSchemaVersion: 3, problems: [{ path: '/schemaVersion', message: expect.stringMatching(/^schema version 3 is newer than this runtime understands \(1, 2\)/) }] },
    ]);
  });

  test('with no last good document it throws a clear error naming the secret, its version and both schema versions', async () => {
    const { client, current } = fakeClient();
    current.json = inVersion(v1, 3);
    current.versionId = 'v2';
    const loader = createConfigLoader({ client, secretId: 'stripe-config/staging/config', now });
    await expect(loader.get()).rejects.toMatchObject({
      name: 'StripeConfigError',
      code: 'document_invalid',
      message:
        'AWSCURRENT of stripe-config/staging/config (version v2) is refused: schema version 3 is newer than this runtime understands (1, 2); upgrade stripe-config/runtime to a release that understands it',
      hint: expect.stringMatching(/npm run rollback -- <env>/),
    });
  });

  test('once a document it understands is current again, it serves that one', async () => {
    const { client, current } = fakeClient();
    current.json = inVersion(v1, 3);
    current.versionId = 'v2';
    const rejected: ConfigRejection[] = [];
    const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 10, now, onRejected: (reason) => rejected.push(reason) });
    await expect(loader.get()).rejects.toMatchObject({ code: 'document_invalid' });

    current.json = v1;
    current.versionId = 'v3';
    time += 20;
    const served = await loader.get();

    expect(served).toMatchObject({ versionId: 'v3', json: v1, document: { schemaVersion: 1, environment: 'staging' } });
    expect(rejected).toEqual([]);
  });

  test('an invalid document in a version it understands is still reported field by field, with no version refusal', async () => {
    const { client, current } = fakeClient();
    current.json = v1;
    const rejected: ConfigRejection[] = [];
    const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 10, now, onRejected: (reason) => rejected.push(reason) });
    await loader.get();
    current.json = v1.replace('"automatic"', '"sometimes"');
    current.versionId = 'v2';
    time += 20;
    await loader.get();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).not.toHaveProperty('unsupportedSchemaVersion');
    expect(rejected[0].problems).toEqual([expect.objectContaining({ path: '/payments/threeDSecure' })]);
  });
});
