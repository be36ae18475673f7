import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLocalLedger, openWorkspace, startLocalWorld, type Workspace } from '../../../ops';

describe('the ledger of the embedded local world', () => {
  let root: string;
  let workspace: Workspace;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-ledger-world-'));
    workspace = openWorkspace(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('is kept under the workspace across commands, and shared with commands attached to emulate', async () => {
    const emulate = await startLocalWorld(workspace, { share: true });
    let operationId: string;
    try {
      expect(emulate.dynamodbUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const command = await startLocalWorld(workspace);
      expect(command).toMatchObject({ attached: true, dynamodbUrl: emulate.dynamodbUrl });
      const ledger = openLocalLedger(command.dynamodbUrl);
      try {
        ({ operationId } = await ledger.begin({ action: 'deploy', environment: 'staging', actor: 'ci' }));
      } finally {
        ledger.close();
        await command.close();
      }
    } finally {
      await emulate.close();
    }

    const later = await startLocalWorld(workspace);
    const ledger = openLocalLedger(later.dynamodbUrl);
    try {
      expect(await ledger.history('staging')).toEqual([expect.objectContaining({ operationId, actor: 'ci', outcome: 'unknown' })]);
    } finally {
      ledger.close();
      await later.close();
    }
  });

  test('an in-memory world starts with an empty ledger of its own', async () => {
    const persisted = await startLocalWorld(workspace);
    const scratch = await startLocalWorld(workspace, { persist: false });
    const [kept, fresh] = [openLocalLedger(persisted.dynamodbUrl), openLocalLedger(scratch.dynamodbUrl)];
    try {
      await kept.begin({ action: 'deploy', environment: 'staging', actor: 'ci' });
      expect(await fresh.history('staging')).toEqual([]);
    } finally {
      kept.close();
      fresh.close();
      await Promise.all([persisted.close(), scratch.close()]);
    }
  });
});
