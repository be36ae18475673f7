/**
 * Malformed requests and injected faults: whatever arrives, the stand-in answers in AWS's error shape
 * (facts §1.3) or drops the connection on purpose, and keeps serving afterwards.
 */
import * as http from 'node:http';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerEmulator } from '../../../../emulators/secrets-manager';
import { CREDENTIALS, failureOf, REGION, standInForEachTest, startStandIn } from '../../../helpers/secrets-manager-stand-in';

const NAME = 'shop/stripe/config';
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250601/${REGION}/secretsmanager/aws4_request, SignedHeaders=host, Signature=0`;

let emulator: SecretsManagerEmulator;
let client: SecretsManagerClient;
standInForEachTest((standIn) => ({ emulator, client } = standIn));

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request exactly as given, bytes and headers, over a fresh connection. */
function rawRequest(options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawAnswer> {
  const url = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method: options.method ?? 'POST', path: options.path ?? '/', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const headersFor = (target: string | undefined, contentType = 'application/x-amz-json-1.1'): Record<string, string> => ({
  'content-type': contentType,
  authorization: AUTHORIZATION,
  ...(target !== undefined && { 'x-amz-target': target }),
});

async function expectStillServing(): Promise<void> {
  const created = await client.send(new CreateSecretCommand({ Name: `after/${Math.random().toString(36).slice(2)}`, SecretString: 'still serving' }));
  expect((await client.send(new GetSecretValueCommand({ SecretId: created.ARN }))).SecretString).toBe('still serving');
}

describe('facts §1.3, acceptance 4: malformed requests get AWS-shaped 400s and the server keeps serving', () => {
  const invalidUtf8 = Buffer.concat([Buffer.from('{"Name":"shop/x","SecretString":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
  test.each([
    ['bad JSON', 'secretsmanager.CreateSecret', undefined, '{"Name": ', 'SerializationException', 'not valid JSON'],
    ['a JSON array body', 'secretsmanager.CreateSecret', undefined, '[]', 'SerializationException', 'JSON object'],
    ['a JSON null body', 'secretsmanager.CreateSecret', undefined, 'null', 'SerializationException', 'JSON object'],
    ['a JSON string body', 'secretsmanager.CreateSecret', undefined, '"CreateSecret"', 'SerializationException', 'JSON object'],
    ['invalid UTF-8 bytes', 'secretsmanager.CreateSecret', undefined, invalidUtf8, 'SerializationException', 'UTF-8'],
    ['a wrong content type', 'secretsmanager.CreateSecret', 'application/x-www-form-urlencoded', 'Name=x', 'SerializationException', 'Content-Type'],
    ['a missing target', undefined, undefined, '{}', 'UnknownOperationException', 'X-Amz-Target'],
    ['another service\'s target', 'DynamoDB_20120810.GetItem', undefined, '{}', 'UnknownOperationException', 'X-Amz-Target'],
    ['an unknown operation', 'secretsmanager.LaunchRockets', undefined, '{}', 'UnknownOperationException', 'LaunchRockets'],
    ['an inherited property as operation', 'secretsmanager.toString', undefined, '{}', 'UnknownOperationException', 'toString'],
    ['a missing required member', 'secretsmanager.CreateSecret', undefined, '{}', 'ValidationException', "at 'name' failed to satisfy constraint: Member must not be null"],
    ['a member of the wrong JSON type', 'secretsmanager.CreateSecret', undefined, '{"Name": ["x"]}', 'SerializationException', "'name'"],
    ['a nested member of the wrong type', 'secretsmanager.CreateSecret', undefined, '{"Name":"x","Tags":[{"Key":1,"Value":"v"}]}', 'SerializationException', "'tags.1.member.key'"],
    ['a SecretBinary that is not base64', 'secretsmanager.CreateSecret', undefined, '{"Name":"x","SecretBinary":"not base64!"}', 'SerializationException', "'secretBinary'"],
    ['an oversized SecretString', 'secretsmanager.CreateSecret', undefined, JSON.stringify({ Name: 'x', SecretString: 's'.repeat(70_000) }), 'ValidationException', "'secretString'"],
    ['a non-integer MaxResults', 'secretsmanager.ListSecrets', undefined, '{"MaxResults": 1.5}', 'SerializationException', "'maxResults'"],
    ['an out-of-range MaxResults', 'secretsmanager.ListSecrets', undefined, '{"MaxResults": 0}', 'ValidationException', "'maxResults'"],
    ['an unknown filter key', 'secretsmanager.ListSecrets', undefined, '{"Filters":[{"Key":"colour","Values":["x"]}]}', 'ValidationException', "'filters.1.member.key'"],
    ['a null list member', 'secretsmanager.ListSecrets', undefined, '{"Filters":[null]}', 'ValidationException', "at 'filters.1.member' failed to satisfy constraint: Member must not be null"],
  ])('%s', async (_case, target, contentType, body, code, mentions) => {
    const answer = await rawRequest({ headers: headersFor(target, contentType), body });
    const json = JSON.parse(answer.body) as Record<string, unknown>;
    expect({ status: answer.status, contentType: answer.headers['content-type'], type: json.__type, errorType: answer.headers['x-amzn-errortype'] }).toEqual({
      status: 400,
      contentType: 'application/x-amz-json-1.1',
      type: code,
      errorType: code,
    });
    expect(json.Message).toEqual(expect.stringContaining(mentions));
    // A secret value in a bad request must never be echoed back (nor logged).
    expect(answer.body).not.toContain('sssssssss');
    await expectStillServing();
  });

  test('a body over 1 MiB is refused without buffering it all, and the server keeps serving', async () => {
    const answer = await rawRequest({ headers: headersFor('secretsmanager.CreateSecret'), body: Buffer.alloc(3 * 1024 * 1024, 0x20) }).catch(
      (error: NodeJS.ErrnoException) => ({ status: 0, headers: {}, body: error.code ?? '' }),
    );
    // Either AWS's shape or, if the socket closed while we were still sending, a reset: never a crash.
    if (answer.status !== 0) expect({ status: answer.status, type: JSON.parse(answer.body).__type }).toEqual({ status: 400, type: 'SerializationException' });
    await expectStillServing();
  });

  test.each(['GET', 'PUT', 'DELETE'])('%s instead of POST is UnknownOperationException', async (method) => {
    const headers = { ...headersFor('secretsmanager.ListSecrets'), 'content-length': '2' };
    const answer = await rawRequest({ method, headers, body: '{}' });
    expect({ status: answer.status, type: JSON.parse(answer.body).__type }).toEqual({ status: 400, type: 'UnknownOperationException' });
  });

  test('bytes that are not HTTP get a 400 in AWS shape and the server keeps serving', async () => {
    const net = await import('node:net');
    const url = new URL(emulator.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 [^]*"__type":"SerializationException"/);
    await expectStillServing();
  });

  test('a client that hangs up mid-body does not stop the server', async () => {
    const url = new URL(emulator.url);
    await new Promise<void>((resolve) => {
      const request = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { ...headersFor('secretsmanager.CreateSecret'), 'content-length': '1000' } });
      request.on('error', () => resolve());
      request.write('{"Name":"half');
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 50);
    });
    await expectStillServing();
  });

  test('a null in a required list is a ValidationException, not a 500 from the handler', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', AddReplicaRegions: [{ Region: 'us-east-1' }] }));
    const answer = await rawRequest({
      headers: headersFor('secretsmanager.RemoveRegionsFromReplication'),
      body: JSON.stringify({ SecretId: NAME, RemoveReplicaRegions: [null] }),
    });
    expect({ status: answer.status, type: JSON.parse(answer.body).__type }).toEqual({ status: 400, type: 'ValidationException' });
  });

  test('a hundred concurrent garbage requests leave the server serving', async () => {
    const bodies = ['{', '[]', 'null', '{"Name":1}', '\u0000'];
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => rawRequest({ headers: headersFor('secretsmanager.CreateSecret'), body: bodies[i % bodies.length] })),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([400]));
    await expectStillServing();
  });
});

describe('fault injection (test control, apart from the emulated API)', () => {
  test.each([
    [500, 'InternalServiceError'],
    [503, 'ServiceUnavailable'],
    [400, 'ThrottlingException'],
    [429, 'ThrottlingException'],
  ])('a %i fault answers in AWS shape (%s) and the request never takes effect', async (status, type) => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
    emulator.faults.add({ match: 'PutSecretValue', status, times: 1 });
    const failure = await failureOf(client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'two' })));
    expect({ name: failure.name, status: failure.status }).toEqual({ name: type, status });
    expect((await client.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('one');
  });

  test('the SDK retries an injected ThrottlingException ("Rate exceeded") as throttling', async () => {
    const retrying = new SecretsManagerClient({ endpoint: emulator.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 2 });
    try {
      emulator.faults.add({ match: 'CreateSecret', status: 400, times: 1 });
      const created = await retrying.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
      expect(created.$metadata.attempts).toBe(2);
    } finally {
      retrying.destroy();
    }
  });

  test('rules match the X-Amz-Target operation only, and retire after `times`', async () => {
    emulator.faults.add({ match: 'DescribeSecret', status: 500, times: 2 });
    await client.send(new CreateSecretCommand({ Name: NAME }));
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await client.send(new DescribeSecretCommand({ SecretId: NAME })).then(() => 'ok', (e: Error) => e.name)));
    expect(outcomes).toEqual(['InternalServiceError', 'InternalServiceError', 'ok']);
  });

  test('latency delays the answer by at least the given time', async () => {
    emulator.faults.add({ match: 'CreateSecret', latencyMs: 250 });
    const started = Date.now();
    await client.send(new CreateSecretCommand({ Name: NAME }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  test('a dropped connection reaches the SDK as a network error, the write never happens, and the server keeps serving', async () => {
    emulator.faults.add({ match: 'CreateSecret', drop: true, times: 1 });
    const failure = await failureOf(client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' })));
    expect(failure.status).toBeUndefined();
    expect((await failureOf(client.send(new DescribeSecretCommand({ SecretId: NAME })))).name).toBe('ResourceNotFoundException');
    await expectStillServing();
  });

  test('faultsAfterHandling loses the answer of a write that did take effect', async () => {
    await client.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: 'a'.repeat(32) }));
    await client.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'two', ClientRequestToken: 'b'.repeat(32) }));
    emulator.faultsAfterHandling.add({ match: 'UpdateSecretVersionStage', drop: true, times: 1 });
    const move = () =>
      client.send(new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: 'a'.repeat(32), RemoveFromVersionId: 'b'.repeat(32) }));
    expect((await failureOf(move())).status).toBeUndefined();
    expect((await client.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('one');
    // The naive retry of the compare-and-swap now fails: the label already left its RemoveFromVersionId (facts §3.4).
    expect((await failureOf(move())).name).toBe('InvalidParameterException');
  });

  test('faults given at start apply from the first request; clear() removes them', async () => {
    const faulty = await startStandIn({ faults: [{ match: /^(Create|Describe)Secret$/, status: 500 }] });
    const faultyClient = faulty.client;
    try {
      expect((await failureOf(faultyClient.send(new CreateSecretCommand({ Name: NAME })))).name).toBe('InternalServiceError');
      faulty.emulator.faults.clear();
      await expect(faultyClient.send(new CreateSecretCommand({ Name: NAME }))).resolves.toBeDefined();
    } finally {
      await faulty.close();
    }
  });
});
