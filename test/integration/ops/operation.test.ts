/**
 * runOperation: every change under the ledger. Lock, intent, act, outcome, on dynalite; the work is
 * a plain function here, so each rule is seen on its own.
 */
import os from 'node:os';
import { OpsError, runOperation, type Ledger, type OperationEntry } from '../../../ops';
import { openTestLedger, type TestLedger } from '../../helpers/ledger';

const ENV = 'staging';
let opened: TestLedger;
let ledger: Ledger;

beforeEach(async () => {
  opened = await openTestLedger();
  ledger = opened.ledger;
});
afterEach(() => opened.close());

const operations = async () => (await ledger.history(ENV)) as OperationEntry[];

test('the intent is written before the change and the outcome after, with the live version', async () => {
  const seen: string[] = [];
  const value = await runOperation({ ledger, actor: 'alice' }, { action: 'rollback', environment: ENV, reason: 'INC-1' }, async (op) => {
    await op.intend({ fromVersionId: 'v2', toVersionId: 'v1' });
    seen.push(...(await operations()).map((entry) => `${entry.operationId === op.operationId}:${String(entry.outcome)}`));
    op.changed('AWSCURRENT is now v1 (verified)', 'v1');
    return { value: 42 };
  });
  expect(value).toBe(42);
  expect(seen).toEqual(['true:unknown']);
  expect(await operations()).toEqual([
    expect.objectContaining({ action: 'rollback', actor: 'alice', reason: 'INC-1', fromVersionId: 'v2', toVersionId: 'v1', outcome: expect.objectContaining({ status: 'ok', liveVersionAfter: 'v1' }) }),
  ]);
  expect(await ledger.readLock(ENV)).toMatchObject({ releasedAt: expect.any(String) });
});

test('the lock is held while the work runs', async () => {
  await runOperation({ ledger, actor: 'alice' }, { action: 'hold', environment: ENV }, async (op) => {
    const lock = await ledger.readLock(ENV);
    expect(lock).toMatchObject({ operationId: op.operationId, actor: 'alice' });
    expect(lock?.releasedAt).toBeUndefined();
    return { value: undefined };
  });
});

test('a second operation while the first holds the lock is refused, naming the holder, and the refusal is recorded', async () => {
  let release!: () => void;
  const first = runOperation({ ledger, actor: 'alice' }, { action: 'rollback', environment: ENV, reason: 'A' }, async (op) => {
    await op.intend({ fromVersionId: 'v2', toVersionId: 'v1' });
    await new Promise<void>((resolve) => (release = resolve));
    return { value: op.operationId };
  });
  while (!release) await new Promise((resolve) => setTimeout(resolve, 5));
  const second = runOperation({ ledger, actor: 'bob' }, { action: 'rollback', environment: ENV, reason: 'B' }, async () => ({ value: 'never' }));
  await expect(second).rejects.toMatchObject({
    name: 'LedgerError',
    code: 'lock_held',
    message: expect.stringMatching(new RegExp(`^${ENV} is locked by alice on ${os.hostname()} \\(pid ${process.pid}\\), operation \\S+, since `)),
    hint: expect.stringMatching(/still running on this machine/),
  });
  release();
  const winner = await first;
  const entries = await operations();
  expect(entries.map((entry) => [entry.actor, entry.outcome === 'unknown' ? 'unknown' : entry.outcome.status])).toEqual(
    expect.arrayContaining([
      ['alice', 'ok'],
      ['bob', 'refused'],
    ]),
  );
  expect(entries.find((entry) => entry.actor === 'bob')?.outcome).toMatchObject({ detail: expect.stringContaining(winner) });
});

test('a lock held from another host is refused with unlock as the way out', async () => {
  const other = await ledger.begin({ action: 'deploy', environment: ENV, actor: 'ci', host: 'ci-runner-7', pid: 4242 });
  await ledger.acquireLock(ENV, { operationId: other.operationId, actor: 'ci', host: 'ci-runner-7', pid: 4242, leaseMs: 60_000 });
  await expect(runOperation({ ledger, actor: 'alice' }, { action: 'rollback', environment: ENV }, async () => ({ value: 1 }))).rejects.toMatchObject({
    code: 'lock_held',
    message: expect.stringContaining('locked by ci on ci-runner-7 (pid 4242)'),
    hint: expect.stringContaining(`stripe-config unlock ${ENV} --reason`),
  });
});

test("a dead process's lock on this host is taken over, and the takeover is recorded", async () => {
  const stale = await ledger.begin({ action: 'rollback', environment: ENV, actor: 'alice', pid: 999_999 });
  await ledger.acquireLock(ENV, { operationId: stale.operationId, actor: 'alice', pid: 999_999, leaseMs: 60_000 });
  const took = await runOperation({ ledger, actor: 'bob', isAlive: (pid) => pid !== 999_999 }, { action: 'rollback', environment: ENV }, async (op) => ({
    value: op.operationId,
  }));
  expect(await ledger.readLock(ENV)).toMatchObject({ operationId: took, releasedAt: expect.any(String) });
  const unlock = (await operations()).find((entry) => entry.action === 'unlock');
  expect(unlock).toMatchObject({
    actor: 'bob',
    reason: expect.stringMatching(/^lock taken over: alice on .* \(pid 999999\), operation .*: process 999999 is gone/),
    details: { staleOperationId: stale.operationId },
    outcome: expect.objectContaining({ status: 'ok' }),
  });
});

test('a refusal before the intent is recorded as refused, a failure after it as failed', async () => {
  await expect(
    runOperation({ ledger, actor: 'alice' }, { action: 'rollback', environment: ENV }, async () => {
      throw new OpsError('rollback_refused', 'staging: already rolled back');
    }),
  ).rejects.toMatchObject({ code: 'rollback_refused' });
  await expect(
    runOperation({ ledger, actor: 'alice' }, { action: 'rollback', environment: ENV }, async (op) => {
      await op.intend({ fromVersionId: 'v2', toVersionId: 'v1' });
      throw new OpsError('rollback_refused', 'the label move failed; nothing was changed');
    }),
  ).rejects.toMatchObject({ code: 'rollback_refused' });
  const [second, first] = await operations();
  expect(first.outcome).toMatchObject({ status: 'refused', detail: 'staging: already rolled back' });
  expect(second.outcome).toMatchObject({ status: 'failed', detail: 'the label move failed; nothing was changed' });
});

test('a failure after the change is changed-then-failed: what is live, then what failed', async () => {
  const run = runOperation({ ledger, actor: 'alice' }, { action: 'rollback', environment: ENV }, async (op) => {
    await op.intend({ fromVersionId: 'v3', toVersionId: 'v2' });
    op.changed('AWSCURRENT is now v2 (verified)', 'v2');
    throw new OpsError('checks_failed', 'the smoke journeys could not run: Chromium did not start');
  });
  await expect(run).rejects.toMatchObject({
    code: 'changed_then_failed',
    message: 'staging: AWSCURRENT is now v2 (verified); then the smoke journeys could not run: Chromium did not start',
  });
  expect((await operations())[0].outcome).toMatchObject({
    status: 'changed-then-failed',
    liveVersionAfter: 'v2',
    detail: 'AWSCURRENT is now v2 (verified); then the smoke journeys could not run: Chromium did not start',
  });
  expect(await ledger.readLock(ENV)).toMatchObject({ releasedAt: expect.any(String) });
});

test('work that changes nothing is still recorded, with its own detail', async () => {
  await runOperation({ ledger, actor: 'alice' }, { action: 'rollback', environment: ENV }, async () => ({ value: 0, detail: 'already on v1: nothing changed' }));
  expect((await operations())[0]).toMatchObject({ outcome: expect.objectContaining({ status: 'ok', detail: 'already on v1: nothing changed' }) });
});

test('under a lock the caller holds, the operation neither takes nor releases it', async () => {
  await runOperation({ ledger, actor: 'ci' }, { action: 'deploy', environment: ENV }, async (deploy) => {
    await runOperation({ ledger, actor: 'ci', lock: deploy.lock }, { action: 'rollback', environment: ENV, reason: 'automatic' }, async () => ({ value: 0 }));
    const lock = await ledger.readLock(ENV);
    expect(lock).toMatchObject({ operationId: deploy.operationId });
    expect(lock?.releasedAt).toBeUndefined();
    return { value: 0 };
  });
  expect((await operations()).map((entry) => entry.action).sort()).toEqual(['deploy', 'rollback']);
});
