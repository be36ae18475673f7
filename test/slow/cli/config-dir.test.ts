/**
 * `--config-dir` as CI passes it: a folder without environments fails (exit 2) instead of passing
 * with an empty table; with --report-dir the gate still writes its reports saying so. The rules
 * behind it (missing folders, relative folders, bad names) are tested in
 * test/unit/config/load.test.ts, and that the refusal comes before ops/ loads in
 * test/unit/cli/config-dir.test.ts, without starting a process.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

  test('gate --all --report-dir with an empty folder exits 2 and still writes the reports, naming the folder', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-no-environments-home-'));
    try {
      const reports = path.join(home, 'reports');
      const result = await runCli(['--config-dir', empty, 'gate', '--all', '--report-dir', reports], { CHECKPOINT_DISABLE: '1', STRIPE_CONFIG_HOME: home });
      expect(result.stderr).toContain(`error: no environments in ${empty}`);
      expect(result.code).toBe(2);
      expect(readdirSync(reports).sort()).toEqual(['gate.html', 'gate.json', 'gate.md', 'junit.xml']);
      expect(JSON.parse(readFileSync(path.join(reports, 'gate.json'), 'utf8'))).toMatchObject({
        verdict: 'config-error',
        stopped: { kind: 'config', code: 'config_not_found', message: `no environments in ${empty}` },
      });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
