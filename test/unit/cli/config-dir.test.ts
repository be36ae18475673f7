/**
 * A folder without environments is refused before ops/ loads (Terraform, the SDKs, the browser's
 * driver), so `validate` and `gate --all` on an empty or missing --config-dir fail at once. Here ops/
 * is a module that throws when loaded: had the command loaded it, it would end as an unexpected
 * error (exit 4), not as the config error (exit 2). The spawned command line's answer is tested in
 * test/slow/cli/config-dir.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.mock('../../../ops', () => {
  throw new Error('ops/ was loaded');
});

/** Runs the CLI in this process with a fresh commander program; what it printed to stderr, and its exit code. */
async function runMain(args: string[]): Promise<{ code: number | string | undefined; stderr: string }> {
  const stderr: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void stderr.push(line));
  const before = process.exitCode;
  try {
    let main!: (argv: string[]) => Promise<void>;
    jest.isolateModules(() => ({ main } = require('../../../cli')));
    await main(['node', 'stripe-config', ...args]);
    return { code: process.exitCode, stderr: stderr.join('\n') };
  } finally {
    process.exitCode = before;
    spy.mockRestore();
  }
}

describe('a --config-dir without environments', () => {
  let empty: string;
  beforeAll(() => (empty = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-no-environments-'))));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  test.each(['validate', 'gate --all', 'gate'])('%s on an empty folder exits 2 naming it, without loading ops/', async (command) => {
    const result = await runMain(['--config-dir', empty, ...command.split(' ')]);
    expect(result.stderr).toBe(`error: no environments in ${empty}\nhint: An environment is a file <name>.ts in that folder (docs/CONFIG.md); check --config-dir.`);
    expect(result.code).toBe(2);
  });

  test.each(['validate', 'gate --all'])('%s on a missing folder says there is no such folder, without loading ops/', async (command) => {
    const missing = path.join(empty, 'not-there');
    const result = await runMain(['--config-dir', missing, ...command.split(' ')]);
    expect(result.stderr).toMatch(new RegExp(`^error: no environments in ${missing} \\(no such folder\\)\\n`));
    expect(result.code).toBe(2);
  });
});
