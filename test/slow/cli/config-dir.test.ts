/**
 * `--config-dir` as CI passes it: a folder without environments fails (exit 2) instead of passing
 * with an empty table. The rules behind it (missing folders, relative folders, bad names) are
 * tested in test/unit/config/load.test.ts without starting a process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli';

describe('stripe-config --config-dir', () => {
  let empty: string;
  beforeAll(() => (empty = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-no-environments-'))));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  test.each(['validate', 'gate --all'])('%s with an empty folder exits 2 naming it', async (command) => {
    const result = await runCli(['--config-dir', empty, ...command.split(' ')], { CHECKPOINT_DISABLE: '1' });
    expect(result.stderr).toContain(`error: no environments in ${empty}`);
    expect(result.code).toBe(2);
  });
});
