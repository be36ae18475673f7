/**
 * `stripe-config gate --report-dir` as CI runs it: a gate that ran (its screenshots), and gates that
 * stop early (fast: before Terraform):
 * on a config error and on an infrastructure failure every report is written anyway, and none holds
 * the key planted in the environment file (the type-checker's message quotes the offending value).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli';
import { scratchConfigDir } from '../../helpers/environments';

const PLANTED = 'sk_live_PLANTEDk3yMaterialDoNotLeak9876';

describe('gate --report-dir (command line)', () => {
  let home: string;
  let scratch: ReturnType<typeof scratchConfigDir>;
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-cli-reports-'));
    scratch = scratchConfigDir();
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    scratch.remove();
  });

  test('a config error still writes all four reports and the comment, exits 2, and no report holds the planted key', async () => {
    scratch.edit('production', "threeDSecure: 'automatic'", `threeDSecure: '${PLANTED}'`);
    const reports = path.join(home, 'reports');
    const comment = path.join(home, 'comment.md');
    const result = await runCli(['--config-dir', scratch.dir, 'gate', 'production', '--report-dir', reports, '--report', comment], { STRIPE_CONFIG_HOME: home });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: production: TypeScript errors in .*production\.ts\n.*TS2322: Type '"sk_live_…9876"' is not assignable/);
    expect(readdirSync(reports).sort()).toEqual(['gate.html', 'gate.json', 'gate.md', 'junit.xml']);
    const files = [...readdirSync(reports).map((name) => path.join(reports, name)), comment];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect([file, text.includes('PLANTED')]).toEqual([file, false]);
      expect([file, text.includes('sk_live_…9876')]).toEqual([file, true]);
    }
    expect(readFileSync(path.join(reports, 'gate.md'), 'utf8')).toMatch(/^<!-- stripe-config gate -->\n## stripe-config gate: ⛔ config error\n/);
    expect(readFileSync(path.join(reports, 'junit.xml'), 'utf8')).toMatch(/<testsuites name="stripe-config gate" tests="1" failures="1"/);
    expect(JSON.parse(readFileSync(path.join(reports, 'gate.json'), 'utf8'))).toMatchObject({ verdict: 'config-error', stopped: { kind: 'config', code: 'config_type_error' } });
    expect(result.stdout + result.stderr).not.toContain('PLANTED');
  }, 60_000);

  test('an environment that does not exist is a config error, reported with the hint', async () => {
    const reports = path.join(home, 'reports');
    const result = await runCli(['--config-dir', scratch.dir, 'gate', 'prodution', '--report-dir', reports], { STRIPE_CONFIG_HOME: home });
    expect(result.code).toBe(2);
    expect(readdirSync(reports).sort()).toEqual(['gate.html', 'gate.json', 'gate.md', 'junit.xml']);
    expect(JSON.parse(readFileSync(path.join(reports, 'gate.json'), 'utf8'))).toMatchObject({
      verdict: 'config-error',
      stopped: { kind: 'config', code: 'config_not_found', message: expect.stringMatching(/^No environment "prodution"/), hint: 'Known environments: development, production, staging' },
    });
  }, 60_000);

  test('an infrastructure failure (no Chromium) writes the reports too and exits 4: the gate could not decide', async () => {
    const reports = path.join(home, 'reports');
    const result = await runCli(['--config-dir', scratch.dir, 'gate', 'staging', '--report-dir', reports], {
      STRIPE_CONFIG_HOME: home,
      CHROMIUM_PATH: path.join(home, 'no-chromium-here'),
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: CHROMIUM_PATH=.*no-chromium-here does not exist/);
    expect(readFileSync(path.join(reports, 'gate.md'), 'utf8')).toMatch(/^<!-- stripe-config gate -->\n## stripe-config gate: ❔ could not decide\n/);
    expect(readFileSync(path.join(reports, 'junit.xml'), 'utf8')).toMatch(/<failure message="browser_unavailable: CHROMIUM_PATH=/);
    expect(JSON.parse(readFileSync(path.join(reports, 'gate.json'), 'utf8'))).toMatchObject({ verdict: 'undecided', stopped: { kind: 'infrastructure', code: 'browser_unavailable' } });
  }, 120_000);

  test('a gate that ran writes the screenshots of every challenged journey, named in gate.json and inlined in gate.html', async () => {
    const reports = path.join(home, 'reports');
    const result = await runCli(['--config-dir', scratch.dir, 'gate', 'staging', '--report-dir', reports], { STRIPE_CONFIG_HOME: home });
    expect(result.code).toBe(0);
    const json = readFileSync(path.join(reports, 'gate.json'), 'utf8');
    const named = [...json.matchAll(/"(?:authentication|landing)Page": "([^"]+)"/g)].map((match) => match[1]);
    expect(named).toContain('screenshots/staging/candidate-challenge-completed-authentication.png');
    expect(named).toContain('screenshots/staging/candidate-challenge-completed-landing.png');
    const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (const file of named) expect([file, readFileSync(path.join(reports, file)).subarray(0, 8).equals(PNG_SIGNATURE)]).toEqual([file, true]);
    expect(readFileSync(path.join(reports, 'gate.html'), 'utf8').match(/<img [^>]*src="data:image\/png;base64,/g)).toHaveLength(named.length);
  }, 240_000);
});
