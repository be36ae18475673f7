import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  createLedger,
  LEDGER_TABLE,
  localDynamoDBClient,
  startLocalDynamoDB,
  type Ledger,
  type LedgerOptions,
  type LocalDynamoDB,
  type AttestationInput,
} from '../../../ops';

const T0 = new Date('2025-06-01T10:00:00.000Z');
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

/** dynalite on port 0 (in memory unless a path is given), a client, and a ledger on an injected clock. */
async function openLedger(options: { path?: string } & Partial<LedgerOptions> = {}) {
  const dynamodb: LocalDynamoDB = await startLocalDynamoDB({ path: options.path });
  const client = localDynamoDBClient(dynamodb.url);
  let now = T0;
  const ledger = createLedger({ client, tableName: LEDGER_TABLE, now: () => now, ...options });
  return {
    ledger,
    client,
    dynamodb,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    close: async () => {
      client.destroy();
      await dynamodb.close();
    },
  };
}
type Opened = Awaited<ReturnType<typeof openLedger>>;

const intent = {
  action: 'rollback',
  environment: 'production',
  actor: 'alice',
  reason: 'INC-123 bad return url',
  fromVersionId: 'v-bad',
  toVersionId: 'v-good',
} as const;

describe('the ledger on dynalite', () => {
  let world: Opened;
  let ledger: Ledger;
  beforeEach(async () => {
    world = await openLedger();
    ledger = world.ledger;
  });
  afterEach(() => world.close());

  describe('operations', () => {
    test('an intent is recorded before acting, and its outcome after', async () => {
      const started = await ledger.begin({ ...intent, details: { attempt: 1, dryRun: false } });
      expect(started).toMatchObject({ ...intent, forced: false, startedAt: T0.toISOString(), host: os.hostname(), pid: process.pid });
      expect(started.operationId).toMatch(/^20250601T100000\.000Z-[0-9a-f]{10}$/);

      world.advance(1500);
      const finished = await ledger.finish(started, { status: 'ok', liveVersionAfter: 'v-good', detail: 'smoke passed' });
      expect(finished.outcome).toEqual({ status: 'ok', liveVersionAfter: 'v-good', detail: 'smoke passed', finishedAt: '2025-06-01T10:00:01.500Z' });

      const [entry] = await ledger.history('production');
      expect(entry).toEqual({ ...started, kind: 'operation', outcome: finished.outcome });
    });

    test('an operation that began and never finished shows as outcome unknown', async () => {
      const started = await ledger.begin(intent);
      expect(await ledger.history('production')).toEqual([{ ...started, kind: 'operation', outcome: 'unknown' }]);
    });

    test('an outcome cannot be written twice', async () => {
      const started = await ledger.begin(intent);
      await ledger.finish(started, { status: 'changed-then-failed', detail: 'smoke could not run: Chromium missing' });
      await expect(ledger.finish(started, { status: 'ok' })).rejects.toMatchObject({
        code: 'outcome_recorded',
        message: expect.stringMatching(/already has its outcome: changed-then-failed at 2025-06-01T10:00:00.000Z \(smoke could not run/),
      });
      const [entry] = await ledger.history('production');
      expect(entry).toMatchObject({ outcome: { status: 'changed-then-failed' } });
    });

    test('an outcome for an operation that never began is refused', async () => {
      await expect(
        ledger.finish({ environment: 'production', operationId: '20250601T100000.000Z-0000000000' }, { status: 'ok' }),
      ).rejects.toMatchObject({
        code: 'operation_unknown',
        message: expect.stringMatching(/No intent recorded for operation 20250601T100000.000Z-0000000000 of production/),
      });
    });

    test('history is newest first, per environment, and reads past one Query page', async () => {
      let seconds = 0;
      const paged = createLedger({
        client: world.client,
        tableName: LEDGER_TABLE,
        now: () => new Date(T0.getTime() + 1000 * seconds++),
        pageSize: 2,
      });
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) ids.push((await paged.begin({ ...intent, reason: `step ${i}` })).operationId);
      await paged.begin({ ...intent, environment: 'staging' });

      let queries = 0;
      world.client.middlewareStack.add(
        (next, context) => (args) => {
          if (context.commandName === 'QueryCommand') queries += 1;
          return next(args);
        },
        { step: 'initialize', name: 'countQueries' },
      );
      const all = await paged.history('production');
      expect(all.map((entry) => ('operationId' in entry ? entry.operationId : entry))).toEqual([...ids].reverse());
      expect(queries).toBe(3); // pages of 2, 2 and 1

      queries = 0;
      const newest = await paged.history('production', { limit: 3 });
      expect(newest.map((entry) => 'reason' in entry && entry.reason)).toEqual(['step 4', 'step 3', 'step 2']);
      expect(queries).toBe(2);
    });

    test('a malformed item is listed as unreadable, naming its key and what is wrong, and the rest still reads', async () => {
      const good = await ledger.begin(intent);
      const badKey = { pk: 'env#production', sk: 'op#20250601T110000.000Z-ffffffffff' };
      await world.client.send(
        new PutItemCommand({
          TableName: LEDGER_TABLE,
          Item: { pk: { S: badKey.pk }, sk: { S: badKey.sk }, action: { S: 'deploy' }, startedAt: { N: '42' } },
        }),
      );
      const history = await ledger.history('production');
      expect(history).toEqual([
        {
          kind: 'unreadable',
          key: badKey,
          problem: expect.stringMatching(
            /^operationId is missing; environment is missing; actor is missing; .*; startedAt expected string \(got 42\)$/,
          ),
        },
        expect.objectContaining({ kind: 'operation', operationId: good.operationId }),
      ]);
    });

    test('bad input is refused naming the field, before anything is written', async () => {
      await expect(ledger.begin({ ...intent, environment: 'Upper_Env' })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/^operation intent: environment expected string to match/),
      });
      await expect(ledger.begin({ ...intent, action: 'reboot' as 'deploy' })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/action/),
      });
      await expect(ledger.begin({ ...intent, outcome: { status: 'ok' } } as typeof intent)).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/outcome unexpected property/),
      });
      await expect(ledger.acquireLock('production', { operationId: 'x', actor: 'alice', leaseMs: 0 })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(
          /^lock request for production: operationId expected string to match .*; leaseMs expected integer to be greater or equal to 1 \(got 0\)$/,
        ),
      });
      await expect(ledger.history('../etc')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^environment: /) });
      expect(await ledger.history('production')).toEqual([]);
    });
  });

  describe('the environment lock', () => {
    const request = (operationId: string, actor = 'alice') => ({ operationId, actor, host: `${actor}-laptop`, pid: 4242, leaseMs: 60_000 });

    test('of 10 concurrent acquires exactly one wins, and the others name the winner', async () => {
      const operations = await Promise.all(Array.from({ length: 10 }, (_, i) => ledger.begin({ ...intent, actor: `engineer-${i}` })));
      const results = await Promise.allSettled(operations.map((op) => ledger.acquireLock('production', request(op.operationId, op.actor))));

      const winners = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0].record;
      const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(refusals).toHaveLength(9);
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({
          code: 'lock_held',
          holder: { operationId: winner.operationId, actor: winner.actor, owner: winner.owner },
          message: `production is locked by ${winner.actor} on ${winner.actor}-laptop (pid 4242), operation ${winner.operationId}, since 2025-06-01T10:00:00.000Z, lease until 2025-06-01T10:01:00.000Z`,
        });
      }
    });

    test('an expired lease is taken over, and the old owner can then neither renew nor release', async () => {
      const first = await ledger.acquireLock('production', request('20250601T100000.000Z-aaaaaaaaaa', 'alice'));
      world.advance(30_000);
      await first.renew();
      world.advance(59_999);
      await expect(ledger.acquireLock('production', request('20250601T100130.000Z-bbbbbbbbbb', 'bob'))).rejects.toMatchObject({ code: 'lock_held' });

      world.advance(1); // the renewed lease ends now
      const second = await ledger.acquireLock('production', request('20250601T100130.000Z-bbbbbbbbbb', 'bob'));
      for (const action of [() => first.renew(), () => first.release()]) {
        await expect(action()).rejects.toMatchObject({
          code: 'lock_lost',
          message: expect.stringMatching(/was taken over by bob on bob-laptop \(pid 4242\), operation 20250601T100130.000Z-bbbbbbbbbb/),
          holder: { owner: second.record.owner },
        });
      }
      expect(await ledger.readLock('production')).toMatchObject({ owner: second.record.owner, actor: 'bob' });
      await second.release();
    });

    test('a released lock can be taken at once, and releasing twice is harmless', async () => {
      const first = await ledger.acquireLock('production', request('20250601T100000.000Z-aaaaaaaaaa'));
      await first.release();
      await first.release();
      expect(await ledger.readLock('production')).toMatchObject({ releasedAt: T0.toISOString() });
      await expect(first.renew()).rejects.toMatchObject({ code: 'lock_lost', message: expect.stringMatching(/already released/) });
      const second = await ledger.acquireLock('staging', request('20250601T100000.000Z-cccccccccc'));
      const third = await ledger.acquireLock('production', request('20250601T100000.000Z-bbbbbbbbbb', 'bob'));
      await Promise.all([second.release(), third.release()]);
    });

    test('on-call can break a lock, but not one that another operation took since', async () => {
      const crashed = await ledger.acquireLock('production', request('20250601T100000.000Z-aaaaaaaaaa'));
      await expect(ledger.breakLock('production', 'INC-9 deploy crashed', { operationId: '20250601T100000.000Z-ffffffffff' })).rejects.toMatchObject({
        code: 'lock_held',
        message: expect.stringMatching(/held by alice .* not by operation 20250601T100000.000Z-ffffffffff: not broken/),
      });
      const broken = await ledger.breakLock('production', 'INC-9 deploy crashed', { operationId: crashed.record.operationId });
      expect(broken).toEqual(crashed.record);
      await expect(crashed.release()).rejects.toMatchObject({ code: 'lock_lost', message: expect.stringMatching(/was broken/) });
      expect(await ledger.breakLock('production', 'again')).toBeUndefined();
      await expect(ledger.breakLock('production', '')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/reason/) });
    });

    test('a lock written twice because the SDK retried a lost response is still ours', async () => {
      let puts = 0;
      // Inside the SDK's retry loop (finalizeRequest, low priority): the put reaches dynalite, its answer is lost, the SDK retries.
      world.client.middlewareStack.add(
        (next, context) => async (args) => {
          const attempt = context.commandName === 'PutItemCommand' ? ++puts : 0;
          const result = await next(args);
          if (attempt === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
          return result;
        },
        { step: 'finalizeRequest', priority: 'low', name: 'loseFirstPutResponse' },
      );
      const handle = await ledger.acquireLock('production', request('20250601T100000.000Z-aaaaaaaaaa'));
      expect(puts).toBe(2); // the retry met our own lock and failed its condition; reading it back shows it is ours
      expect(await ledger.readLock('production')).toEqual(handle.record);
      await handle.release();
    });

    test('keepAlive renews until release, and reports a lease that was broken', async () => {
      const live = createLedger({ client: world.client, tableName: LEDGER_TABLE }); // real clock: the heartbeat is time-driven
      const handle = await live.acquireLock('production', { ...request('20250601T100000.000Z-aaaaaaaaaa'), leaseMs: 300 });
      const lost: Error[] = [];
      handle.keepAlive((error) => lost.push(error));
      await new Promise((resolve) => setTimeout(resolve, 700));
      await expect(live.acquireLock('production', request('20250601T100000.000Z-bbbbbbbbbb', 'bob'))).rejects.toMatchObject({ code: 'lock_held' });
      expect(lost).toEqual([]);

      await live.breakLock('production', 'testing the heartbeat');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(lost).toEqual([expect.objectContaining({ code: 'lock_lost', message: expect.stringMatching(/was broken/) })]);
      await expect(handle.release()).rejects.toMatchObject({ code: 'lock_lost' });
    });
  });

  describe('the hold', () => {
    test('is set, read and released, with who, why and when kept', async () => {
      const hold = { environment: 'production', operationId: '20250601T100000.000Z-aaaaaaaaaa', actor: 'alice', reason: 'rolled back: INC-123' };
      expect(await ledger.setHold(hold)).toEqual({ status: 'set', hold: { ...hold, at: T0.toISOString() } });
      expect(await ledger.getHold('production')).toEqual({ ...hold, at: T0.toISOString() });
      expect(await ledger.getHold('staging')).toBeUndefined();

      world.advance(60_000);
      const released = await ledger.releaseHold('production', { actor: 'bob', reason: 'fix merged in #456' });
      expect(released).toEqual({
        ...hold,
        at: T0.toISOString(),
        releasedAt: '2025-06-01T10:01:00.000Z',
        releasedBy: 'bob',
        releaseReason: 'fix merged in #456',
      });
      expect(await ledger.getHold('production')).toBeUndefined();
    });

    test('a release without a hold is refused', async () => {
      await expect(ledger.releaseHold('production', { actor: 'bob', reason: 'why not' })).rejects.toMatchObject({
        code: 'hold_missing',
        message: 'production is not on hold',
      });
      await ledger.setHold({ environment: 'production', operationId: '20250601T100000.000Z-aaaaaaaaaa', actor: 'alice', reason: 'INC-1' });
      await ledger.releaseHold('production', { actor: 'bob', reason: 'fixed' });
      await expect(ledger.releaseHold('production', { actor: 'carol', reason: 'again' })).rejects.toMatchObject({
        code: 'hold_missing',
        message: expect.stringMatching(/last hold \(set by alice: INC-1\) was released by bob at/),
      });
      await expect(ledger.releaseHold('production', { actor: 'bob', reason: '' })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/reason/),
      });
    });

    test('a second hold keeps the first one and says so', async () => {
      const first = { environment: 'production', operationId: '20250601T100000.000Z-aaaaaaaaaa', actor: 'alice', reason: 'INC-1' };
      await ledger.setHold(first);
      const second = await ledger.setHold({ ...first, operationId: '20250601T100500.000Z-bbbbbbbbbb', actor: 'bob', reason: 'INC-2' });
      expect(second).toEqual({ status: 'already-held', hold: { ...first, at: T0.toISOString() } });
    });
  });

  describe('gate attestations', () => {
    const attestation: AttestationInput = {
      documentSha256: SHA_A,
      keySetFingerprints: { 'test-2025-06': 'fp:1f2e3d' },
      planSummary: { add: 0, change: 1, destroy: 0, replace: 0 },
      verdict: 'pass',
      acceptedChanges: [{ change: 'journey 3ds-required: challenged → paid', reason: 'frictionless is intended', acceptedBy: 'carol' }],
      gitCommit: '0123456789abcdef0123456789abcdef01234567',
      actor: 'ci',
    };

    test('are found by the document hash, and a different hash finds nothing', async () => {
      const stored = await ledger.putAttestation('production', attestation);
      expect(stored).toEqual({
        ...attestation,
        environment: 'production',
        createdAt: T0.toISOString(),
        attestationId: expect.stringMatching(/^20250601T100000\.000Z-/),
      });
      expect(await ledger.findAttestation('production', SHA_A)).toEqual(stored);
      expect(await ledger.findAttestation('production', SHA_B)).toBeUndefined();
      expect(await ledger.findAttestation('staging', SHA_A)).toBeUndefined();
    });

    test('match only exactly these key-set fingerprints, and the newest for them wins', async () => {
      await ledger.putAttestation('production', attestation);
      expect(await ledger.findAttestation('production', SHA_A, { keySetFingerprints: { 'test-2025-06': 'fp:other' } })).toBeUndefined();
      expect(
        await ledger.findAttestation('production', SHA_A, { keySetFingerprints: { 'test-2025-06': 'fp:1f2e3d', extra: 'fp:9' } }),
      ).toBeUndefined();

      world.advance(1000);
      await ledger.putAttestation('production', { ...attestation, verdict: 'fail' });
      expect(await ledger.findAttestation('production', SHA_A, { keySetFingerprints: { 'test-2025-06': 'fp:1f2e3d' } })).toMatchObject({
        verdict: 'fail',
      });
    });

    test('a malformed hash is refused naming the field', async () => {
      await expect(ledger.putAttestation('production', { ...attestation, documentSha256: 'abc' })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/^gate attestation for production: documentSha256 /),
      });
    });
  });
});

describe('the ledger on disk', () => {
  test('keeps its records when dynalite stops and starts again on the same path', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-ledger-'));
    try {
      const first = await openLedger({ path: root });
      const started = await first.ledger.begin(intent);
      await first.ledger.finish(started, { status: 'ok', liveVersionAfter: 'v-good' });
      await first.ledger.setHold({ environment: 'production', operationId: started.operationId, actor: 'alice', reason: 'INC-123' });
      await first.close();

      const second = await openLedger({ path: root });
      try {
        expect(await second.ledger.history('production')).toEqual([
          expect.objectContaining({ operationId: started.operationId, outcome: expect.objectContaining({ status: 'ok' }) }),
        ]);
        expect(await second.ledger.getHold('production')).toMatchObject({ reason: 'INC-123' });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('an intent written just before kill -9 is there afterwards, as outcome unknown', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-ledger-'));
    const ops = path.resolve(__dirname, '..', '..', '..', 'ops', 'ledger-local'); // not the ops index: the child starts faster
    // The child records an intent on a persisted dynalite, says so, and waits to be killed mid-operation.
    const script = `
      const { startLocalDynamoDB, openLocalLedger } = require(${JSON.stringify(ops)});
      (async () => {
        const db = await startLocalDynamoDB({ path: ${JSON.stringify(root)} });
        const op = await openLocalLedger(db.url).begin({ action: 'deploy', environment: 'production', actor: 'ci', reason: 'crash test' });
        process.stdout.write(op.operationId + '\\n');
        setInterval(() => undefined, 1000);
      })();`;
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    try {
      const operationId = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.on('exit', (code) => reject(new Error(`child exited with ${code} before writing`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const after = await openLedger({ path: root });
      try {
        expect(await after.ledger.history('production')).toEqual([
          expect.objectContaining({ operationId, reason: 'crash test', outcome: 'unknown' }),
        ]);
      } finally {
        await after.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('ledger failures are one clear line', () => {
  let dynamodb: LocalDynamoDB;
  beforeAll(async () => (dynamodb = await startLocalDynamoDB()));
  afterAll(() => dynamodb.close());

  test('a table that does not exist names the table, region and endpoint', async () => {
    const client = localDynamoDBClient(dynamodb.url, 'eu-west-1');
    try {
      const ledger = createLedger({ client, tableName: 'stripe-config-ledger-missing' });
      await expect(ledger.history('production')).rejects.toMatchObject({
        name: 'LedgerError',
        code: 'ledger_table_missing',
        message: `DynamoDB Query env#production op#*: table "stripe-config-ledger-missing" in eu-west-1 at ${dynamodb.url} does not exist`,
        hint: expect.stringMatching(/creates its table when it starts/),
      });
    } finally {
      client.destroy();
    }
  });

  const noCredentials = async () => {
    throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
  };
  test.each([
    [
      'no credentials',
      { credentials: noCredentials },
      'ledger_unreachable',
      /no valid AWS credentials for table "stripe-config-ledger" in eu-west-1 at http:\/\/127.0.0.1:\d+ \(CredentialsProviderError\)/,
    ],
    [
      'an endpoint nobody listens on',
      { endpoint: 'http://127.0.0.1:1' },
      'ledger_unreachable',
      /cannot reach table "stripe-config-ledger" in eu-west-1 at http:\/\/127.0.0.1:1 \(ECONNREFUSED\)/,
    ],
    ['no region', { region: undefined }, 'ledger_unreachable', /no AWS region/],
  ])('%s', async (_, settings, code, message) => {
    const client = new DynamoDBClient({
      region: 'eu-west-1',
      endpoint: dynamodb.url,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
      maxAttempts: 1,
      ...(settings as object),
    });
    try {
      await expect(createLedger({ client, tableName: LEDGER_TABLE }).getHold('production')).rejects.toMatchObject({
        code,
        message: expect.stringMatching(message),
      });
    } finally {
      client.destroy();
    }
  });

  test('throttling that outlasts the retries says so and what to do', async () => {
    const client = localDynamoDBClient(dynamodb.url, 'eu-west-1');
    client.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('Throughput exceeds the current capacity of your table'), {
          name: 'ProvisionedThroughputExceededException',
          $metadata: {},
        });
      },
      { step: 'finalizeRequest', name: 'alwaysThrottled' },
    );
    try {
      await expect(createLedger({ client, tableName: LEDGER_TABLE }).getHold('production')).rejects.toMatchObject({
        code: 'ledger_throttled',
        message:
          'DynamoDB GetItem env#production hold: table "stripe-config-ledger" in eu-west-1 at ' +
          dynamodb.url +
          " is throttling requests (ProvisionedThroughputExceededException) after the SDK's retries",
        hint: expect.stringMatching(/PAY_PER_REQUEST/),
      });
    } finally {
      client.destroy();
    }
  });
});
