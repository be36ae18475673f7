/** What `history` and `status` print from the ledger: the truth, also for what went wrong or is unknown. */
import { formatHistory, formatRollback, formatStatus } from '../../../cli/output';
import type { EnvironmentHistory, OperationEntry, RollbackReport } from '../../../ops';

const intent = (fields: Partial<OperationEntry>): OperationEntry => ({
  kind: 'operation',
  operationId: '20261129T030000.000Z-0123456789',
  action: 'rollback',
  environment: 'production',
  actor: 'alice',
  host: 'laptop',
  pid: 42,
  forced: false,
  startedAt: '2026-11-29T03:00:00.000Z',
  outcome: 'unknown',
  ...fields,
});

const history = (operations: EnvironmentHistory['operations'], fields: Partial<EnvironmentHistory> = {}): EnvironmentHistory => ({
  environment: 'production',
  secretId: 'stripe-config/production/config',
  deployed: true,
  versions: [{ versionId: 'v2', stages: ['AWSCURRENT'], createdAt: new Date('2026-11-29T02:00:00.000Z') }],
  liveVersionId: 'v2',
  operations,
  ...fields,
});

test('an intent without an outcome reads "outcome unknown" with what is live now', () => {
  const text = formatHistory(history([intent({ reason: 'INC-123', fromVersionId: 'v3', toVersionId: 'v2' })]));
  expect(text).toContain('outcome unknown (the process stopped, or is still running); AWSCURRENT now: v2');
  expect(text).toContain('v3 → v2');
  expect(text).toContain('INC-123');
});

test('an unreadable record is listed as such, with its key and what is wrong', () => {
  const text = formatHistory(history([{ kind: 'unreadable', key: { pk: 'env#production', sk: 'op#garbage' }, problem: 'actor is missing' }]));
  expect(text).toContain('unreadable record op#garbage: actor is missing');
});

test('changed-then-failed shows what is live after and what failed', () => {
  const text = formatHistory(
    history([intent({ outcome: { status: 'changed-then-failed', liveVersionAfter: 'v2', detail: 'then the smoke journeys could not run', finishedAt: '2026-11-29T03:00:01.000Z' } })]),
  );
  expect(text).toContain('changed-then-failed; live after: v2; then the smoke journeys could not run');
});

test("a deploy's row names the version it made live, which its intent could not know", () => {
  const deployed = intent({ action: 'deploy', fromVersionId: 'v1', outcome: { status: 'ok', liveVersionAfter: 'v2', finishedAt: '2026-11-29T03:00:01.000Z' } });
  expect(formatHistory(history([deployed]))).toContain('v1 → v2');
  const failed = intent({ action: 'deploy', fromVersionId: 'v1', outcome: { status: 'failed', detail: 'terraform apply failed', finishedAt: '2026-11-29T03:00:01.000Z' } });
  expect(formatHistory(history([failed]))).toContain('v1 → —');
});

test('a never-deployed environment says so', () => {
  expect(formatHistory(history([], { deployed: false, versions: [], liveVersionId: undefined }))).toBe(
    'production: never deployed: stripe-config/production/config does not exist\nno operations on production recorded in the ledger',
  );
});

test('status names the hold and who set it, the lock, and an unfinished operation', () => {
  const text = formatStatus({
    environment: 'production',
    secretId: 'stripe-config/production/config',
    live: { versionId: 'v2', summary: 'live mode, acct_1, key set k, 3DS automatic, capture automatic, eur', valid: true, putThereBy: 'moved there by alice at T (rollback: INC-1)' },
    hold: { environment: 'production', operationId: '20261129T030000.000Z-0123456789', actor: 'alice', reason: 'rolled back v3 → v2: INC-1', at: '2026-11-29T03:00:00.500Z' },
    unfinished: intent({}),
  });
  expect(text.split('\n')).toEqual([
    'production: stripe-config/production/config',
    'live: v2, moved there by alice at T (rollback: INC-1)',
    '  live mode, acct_1, key set k, 3DS automatic, capture automatic, eur',
    'hold: ON HOLD, set by alice at 2026-11-29T03:00:00.500Z: rolled back v3 → v2: INC-1; deploys are refused',
    'lock: free',
    'last operation: rollback by alice at 2026-11-29T03:00:00.000Z: outcome unknown (stopped or still running)',
  ]);
});

test('a dry run and a target already live both say nothing changed', () => {
  const report: RollbackReport = {
    environment: 'production',
    secretId: 's',
    fromVersionId: 'v3',
    toVersionId: 'v2',
    result: 'dry-run',
    why: 'the last version deployed with a passing smoke',
    durationMs: 3,
    changes: [{ path: '/payments/threeDSecure', before: 'any', after: 'automatic' }],
    smoke: [],
    smokePassed: true,
  };
  expect(formatRollback(report)).toBe(
    'dry run: would roll back production: AWSCURRENT v3 → v2\nwhy: the last version deployed with a passing smoke\nwould restore:\n  /payments/threeDSecure: "any" → "automatic"\nnothing was changed',
  );
  expect(formatRollback({ ...report, result: 'already-there', fromVersionId: 'v2', why: '--to v2' })).toBe('production: AWSCURRENT is already v2 (--to v2): nothing changed');
});
