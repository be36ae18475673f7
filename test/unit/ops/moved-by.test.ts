import { movedBy } from '../../../ops/rollback-target';
import type { OperationEntry } from '../../../ops';

/** A deploy by alice that made v2 live: it started at 10:00:00 and finished, the label moved, at 10:00:09. */
function deploy(outcome: OperationEntry['outcome']): OperationEntry {
  return {
    kind: 'operation',
    operationId: '20261130T100000.000Z-0123456789',
    environment: 'production',
    action: 'deploy',
    actor: 'alice',
    host: 'ci',
    pid: 1,
    fromVersionId: 'v1',
    toVersionId: 'v2',
    forced: false,
    startedAt: '2026-11-30T10:00:00.000Z',
    outcome,
  } as OperationEntry;
}

describe('who moved the label, and when', () => {
  test('a finished operation: when it finished, not when it started (the label moves at the end of a deploy)', () => {
    const done = deploy({ status: 'ok', liveVersionAfter: 'v2', finishedAt: '2026-11-30T10:00:09.000Z' });
    expect(movedBy([done], 'v2')).toBe('moved there by alice at 2026-11-30T10:00:09.000Z (deploy)');
    expect(movedBy([done], 'v1', 'from')).toBe('left by alice at 2026-11-30T10:00:09.000Z (deploy)');
  });

  test('an operation that never recorded an outcome: only when it started, and that its outcome is unknown', () => {
    expect(movedBy([deploy('unknown')], 'v2')).toBe('moved there by alice in an operation started at 2026-11-30T10:00:00.000Z (deploy, outcome unknown)');
  });

  test('nothing in the ledger', () => {
    expect(movedBy([], 'v2')).toBe('who put it there is not recorded in the ledger');
  });
});
