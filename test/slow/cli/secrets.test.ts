import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMBEDDED_ACCOUNTS } from '../../../ops';
import { runCli, type CliResult } from '../../helpers/cli';

// A recognisable fake key, planted as the staging account's secret key and webhook secret.
const PLANTED_KEY = 'sk_test_PLANTEDfakeKEYdoNOTleak0123456789';
const PLANTED_WEBHOOK_SECRET = 'whsec_PLANTEDfakeWEBHOOKsecret0123456789';
const REPO = path.resolve(__dirname, '..', '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'providers' ? [] : filesUnder(full); // .terraform/providers: the provider binary
    return [full];
  });
}

describe('key material never leaks', () => {
  let home: string;
  const outputs: CliResult[] = [];

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-secrets-'));
    mkdirSync(path.join(home, 'local'), { recursive: true });
    const accounts = EMBEDDED_ACCOUNTS.map((account, index) => ({
      ...account,
      secretKey: account.id === 'acct_1LocalStaging' ? PLANTED_KEY : `sk_test_other${index}aaaaaaaaaaaaaaaa`,
      webhookSigningSecret: account.id === 'acct_1LocalStaging' ? PLANTED_WEBHOOK_SECRET : `whsec_other${index}aaaaaaaaaaaaaaaa`,
    }));
    writeFileSync(path.join(home, 'local', 'stripe-accounts.json'), JSON.stringify(accounts));
    const env = { STRIPE_CONFIG_HOME: home };
    for (const args of [['gate', 'staging', '--report', path.join(home, 'gate-report.md')], ['deploy', 'staging'], ['check', 'staging'], ['rollback', 'staging']]) {
      outputs.push(await runCli(args, env));
    }
  }, 300_000);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  test('the commands really used the planted key (so the checks below mean something)', () => {
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 0, 3]);
    expect(outputs[3].stderr).toMatch(/nothing to roll back to/);
    const stored = readFileSync(path.join(home, 'local', 'secrets-manager.json'), 'utf8');
    expect(stored).toContain(PLANTED_KEY); // Secrets Manager (the stand-in's storage) is where it belongs
  });

  test('not in command output or logs', () => {
    for (const output of outputs) {
      expect(output.stdout + output.stderr).not.toContain(PLANTED_KEY);
      expect(output.stdout + output.stderr).not.toContain(PLANTED_WEBHOOK_SECRET);
    }
  });

  test('not in Terraform state, synthesized JSON, plans, the ledger (audit trail, gate attestations) or any other workspace file', () => {
    const secretsHomes = new Set([path.join(home, 'local', 'stripe-accounts.json'), path.join(home, 'local', 'secrets-manager.json')]);
    const files = filesUnder(home).filter((file) => !secretsHomes.has(file));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/staging\.tfstate$/), expect.stringMatching(/cdk\.tf\.json$/), expect.stringMatching(/local\/dynamodb\/\d+\.log$/), expect.stringMatching(/gate-report\.md$/)]));
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      expect({ file, leaked: text.includes(PLANTED_KEY) || text.includes(PLANTED_WEBHOOK_SECRET) }).toEqual({ file, leaked: false });
    }
  });

  test('not in git: the planted key is only in this test, no shipped file holds key material, the workspace is ignored', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);
    const holding = (pattern: RegExp) => tracked.filter((file) => pattern.test(readFileSync(path.join(REPO, file), 'latin1')));
    expect(holding(new RegExp(PLANTED_KEY))).toEqual(['test/slow/cli/secrets.test.ts']);
    // Outside test/ (whose fixtures are labelled fakes), nothing that looks like a secret or webhook key.
    expect(holding(/\b(sk|rk)_(test|live)_[A-Za-z0-9]{16,}|\bwhsec_[A-Za-z0-9]{16,}/).filter((file) => !file.startsWith('test/'))).toEqual([]);
    const ignored = execFileSync('git', ['check-ignore', '.stripe-config/local/stripe-accounts.json', 'cdktf.out/stacks/x/cdk.tf.json', 'x.tfstate', '.terraform/x'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(ignored.trim().split('\n')).toHaveLength(4);
  });
});
