import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace, startLocalWorld, type Workspace } from '../../../ops';

/** Corrupted state of the embedded default: one error naming the file and how to start afresh, never a stack trace. */
describe('corrupted local state under .stripe-config/', () => {
  let root: string;
  let workspace: Workspace;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-local-state-'));
    workspace = openWorkspace(root);
    mkdirSync(path.join(root, 'local'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const corruptions: Array<[string, (workspace: Workspace) => string, RegExp]> = [
    ['the accounts file is not JSON', (w) => (writeFileSync(w.stripeAccounts, '[{"id": "acct_1Local'), w.stripeAccounts), /the embedded Stripe accounts' keys at .*stripe-accounts\.json: not valid JSON/],
    ['the accounts file is JSON of another shape', (w) => (writeFileSync(w.stripeAccounts, '{"accounts": 3}'), w.stripeAccounts), /stripe-accounts\.json: not a list of accounts/],
    ['the Secrets Manager state file is truncated', (w) => (writeFileSync(w.secretsManagerState, '{"format": 1, "secrets": {'), w.secretsManagerState), /the Secrets Manager stand-in's state at .*secrets-manager\.json: .*not valid JSON/],
    ['the ledger folder holds garbage', (w) => (mkdirSync(w.ledgerState, { recursive: true }), writeFileSync(path.join(w.ledgerState, 'CURRENT'), 'garbage'), w.ledgerState), /the embedded ledger's DynamoDB .* at .*dynamodb: /],
  ];
  test.each(corruptions)('%s: an error naming the file, with how to start afresh', async (_name, corrupt, message) => {
    const file = corrupt(workspace);
    const failure = await startLocalWorld(workspace).then(
      async (world) => {
        await world.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'local_state_invalid', message: expect.stringMatching(message), hint: expect.stringContaining(`mv ${file} ${file}.broken`) });
    expect((failure as Error).message).not.toContain('\n');
    // Refused before anything was served: the next command (after the fix) finds no lock left behind.
    rmSync(file, { recursive: true, force: true });
    await (await startLocalWorld(workspace)).close();
  });

  test('a world lock that is not JSON is taken over as stale, not a crash', async () => {
    writeFileSync(workspace.worldLock, '\u0000\u0000garbage');
    await (await startLocalWorld(workspace)).close();
  });
});
