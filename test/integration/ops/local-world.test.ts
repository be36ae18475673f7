import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMBEDDED_ACCOUNTS, openWorkspace, startLocalWorld, type Workspace } from '../../../ops';

describe('the embedded local world', () => {
  let root: string;
  let workspace: Workspace;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-world-'));
    workspace = openWorkspace(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('generates the placeholder accounts once, keeps their keys private, and reuses them', async () => {
    const first = await startLocalWorld(workspace);
    await first.close();
    const second = await startLocalWorld(workspace);
    await second.close();
    expect(second.accounts).toEqual(first.accounts);
    expect(first.accounts.map((a) => [a.id, a.publishableKey])).toEqual(EMBEDDED_ACCOUNTS.map((a) => [a.id, a.publishableKey]));
    expect(new Set(first.accounts.map((a) => a.secretKey)).size).toBe(EMBEDDED_ACCOUNTS.length);
    expect(statSync(workspace.stripeAccounts).mode & 0o777).toBe(0o600);
  });

  test('a second command on the same persisted world is refused with a clear message, not allowed to lose writes', async () => {
    const world = await startLocalWorld(workspace);
    try {
      await expect(startLocalWorld(workspace)).rejects.toMatchObject({
        message: expect.stringMatching(new RegExp(`Another stripe-config process \\(pid ${process.pid}\\) is using the local stand-ins`)),
        hint: expect.stringMatching(/Wait for it to finish/),
      });
    } finally {
      await world.close();
    }
    await (await startLocalWorld(workspace)).close();
  });

  test('a lock left behind by a process that died is taken over', async () => {
    // PIDs above the kernel's default pid_max are never alive.
    mkdirSync(path.dirname(workspace.worldLock), { recursive: true });
    writeFileSync(workspace.worldLock, '4194999\n');
    await (await startLocalWorld(workspace)).close();
  });

  test('an in-memory world needs no lock', async () => {
    const persisted = await startLocalWorld(workspace);
    const scratch = await startLocalWorld(workspace, { persist: false });
    await Promise.all([persisted.close(), scratch.close()]);
  });
});

describe('commands next to a running emulate', () => {
  test('attach to its stand-ins instead of starting their own, and leave them running', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-share-'));
    const workspace = openWorkspace(root);
    const emulate = await startLocalWorld(workspace, { share: true });
    try {
      const command = await startLocalWorld(workspace);
      expect(command).toMatchObject({ attached: true, secretsManagerUrl: emulate.secretsManagerUrl, stripeUrl: emulate.stripeUrl, accounts: emulate.accounts });
      await command.close();
      const again = await startLocalWorld(workspace);
      expect(again.attached).toBe(true);
      await again.close();
      // A second emulate would write the same state file: refused.
      await expect(startLocalWorld(workspace, { share: true })).rejects.toMatchObject({ message: expect.stringMatching(/Another stripe-config process/) });
    } finally {
      await emulate.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
