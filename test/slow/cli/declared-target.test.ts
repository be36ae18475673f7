/**
 * The CLI as on-call and CI run it: commands act on the target each environment declares, the
 * RUNBOOK's incident command copied as written included; usage errors exit 2; environment files
 * cannot see the caller's key material.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { findLabelHolders, openTargets, openWorkspace, PROJECT_ROOT } from '../../../ops';
import { runCli, runCommand } from '../../helpers/cli';
import { sampleEnvironment, scratchConfigDir } from '../../helpers/environments';
import { withoutAwsCredentials } from '../../helpers/fake-sts';

const CONFIG_SECRET = 'stripe-config/production/config';
const NO_CREDENTIALS_LINE =
  'error: No AWS credentials for production (AWS account 123456789012, eu-west-1): sign in (e.g. aws sso login, AWS_PROFILE=…) or add --local to try this config on the stand-ins.';

/** The RUNBOOK's incident commands, as written in its first fenced block (comments dropped), split as a shell would. */
function runbookIncidentCommands(): string[][] {
  const runbook = readFileSync(path.join(PROJECT_ROOT, 'docs', 'RUNBOOK.md'), 'utf8');
  const block = /```sh\n([^]*?)```/.exec(runbook)?.[1];
  if (!block) throw new Error('docs/RUNBOOK.md has no fenced sh block');
  const commands = block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npm run'))
    .map((line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!));
  if (!commands.some((command) => command.join(' ').startsWith('npm run rollback -- production'))) throw new Error('the incident block has no rollback of production');
  return commands;
}

const run = (command: string[], env: Record<string, string>) => runCommand(command, { env, cwd: PROJECT_ROOT });

describe('commands act on the declared target', () => {
  let home: string;
  let scratch: ReturnType<typeof scratchConfigDir>;
  let versions: { good: string; bad: string };
  const workspaceRoot = () => path.join(home, 'workspace');

  // One embedded world per file: production deployed twice (good, then bad), as before an incident.
  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-declared-target-'));
    scratch = scratchConfigDir();
    // A copy of production that lives in AWS, as a real team's file would declare it.
    scratch.edit('production', "target: 'embedded',", "target: { aws: { accountId: '123456789012' } },");
    scratch.edit('production', "    recoveryWindowInDays: 7,", "    recoveryWindowInDays: 7,\n    backend: { type: 's3', bucket: 'shop-terraform-state', key: 'stripe-config/production.tfstate', region: 'eu-west-1' },");
    const targets = await openTargets(openWorkspace(workspaceRoot()), { local: true });
    try {
      const client = targets.secretsManager('eu-west-1');
      const good = sampleEnvironment('production').rendered.json;
      const bad = good.replace('https://shop.example.com/checkout/return', 'https://shop.exmaple.com/checkout/return');
      const created = await client.send(new CreateSecretCommand({ Name: CONFIG_SECRET, SecretString: good }));
      const put = await client.send(new PutSecretValueCommand({ SecretId: CONFIG_SECRET, SecretString: bad }));
      versions = { good: created.VersionId!, bad: put.VersionId! };
    } finally {
      await targets.close();
    }
  });
  afterAll(() => {
    scratch.remove();
    rmSync(home, { recursive: true, force: true });
  });

  test('the RUNBOOK incident commands, on an environment in AWS without credentials, print the one line and touch nothing local', async () => {
    const empty = path.join(home, 'empty-aws-config');
    writeFileSync(empty, '');
    const emptyWorkspace = path.join(home, 'untouched');
    // Loopback only, even if a credential turned up: STS would be asked here, and nobody answers.
    const env = { ...withoutAwsCredentials(process.env, empty), AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', STRIPE_CONFIG_HOME: emptyWorkspace };
    for (const command of runbookIncidentCommands()) {
      const result = await run([...command, '--config-dir', scratch.dir], env);
      expect({ command: command.join(' '), code: result.code }).toEqual({ command: command.join(' '), code: 4 });
      expect(result.stderr).toContain(NO_CREDENTIALS_LINE);
      expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
      expect(result.stderr).not.toMatch(/unexpected error/);
    }
    expect(existsSync(path.join(emptyWorkspace, 'local'))).toBe(false); // never a silent run on the stand-ins
  });

  test('--local runs the AWS environment on the stand-ins, and says so', async () => {
    const result = await runCli(['--local', '--config-dir', scratch.dir, 'history', 'production'], { STRIPE_CONFIG_HOME: workspaceRoot() });
    expect(result.stderr).toContain('production declares AWS account 123456789012 (eu-west-1); --local: acting on the embedded stand-ins instead');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(versions.bad);
  });

  test('the RUNBOOK incident commands, on the embedded sample, act on the stand-ins: AWSCURRENT goes back to the good version', async () => {
    for (const command of runbookIncidentCommands()) {
      const result = await run(command, { ...process.env, STRIPE_CONFIG_HOME: workspaceRoot() } as Record<string, string>);
      expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/AWS account|No AWS credentials/);
    }
    const targets = await openTargets(openWorkspace(workspaceRoot()), { local: true });
    try {
      expect((await findLabelHolders(targets.secretsManager('eu-west-1'), CONFIG_SECRET)).current).toBe(versions.good);
    } finally {
      await targets.close();
    }
  });
});

describe('usage errors exit 2, as README says', () => {
  test.each([
    ['a missing argument', ['rollback']],
    ['an unknown option', ['--bogus', 'validate']],
    ['an unknown command', ['nosuch']],
    ['an extra argument', ['deploy', 'staging', 'production']],
    ['a removed global option', ['--aws', 'real', 'validate']],
  ])('%s', async (_name, args) => {
    const result = await runCli(args, { STRIPE_CONFIG_HOME: path.join(os.tmpdir(), 'stripe-config-usage-unused') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: /m);
  });

  test('--help is not an error', async () => {
    expect((await runCli(['--help'], {})).code).toBe(0);
  });
});

describe('an environment file cannot print the key material of the shell that runs it', () => {
  test('validate of a file that prints process.env shows no planted key', async () => {
    const scratch = scratchConfigDir();
    try {
      scratch.edit('staging', 'export default defineEnvironment({', "console.log('ENV-DUMP ' + JSON.stringify((globalThis as any).process.env));\nexport default defineEnvironment({");
      const planted = {
        STRIPE_CONFIG_KEY_SET_STAGING_2026_11: '{"secretKey":"sk_test_PLANTEDcli000000000000000","webhookSigningSecret":"whsec_PLANTEDcli"}',
        AWS_SECRET_ACCESS_KEY: 'PLANTEDcliAwsSecret000000000000000000000',
      };
      const result = await runCli(['--config-dir', scratch.dir, 'validate', 'staging'], planted);
      expect(result.stderr).toMatch(/ENV-DUMP \{/); // the file ran and printed, to stderr
      expect(result.stdout).not.toMatch(/ENV-DUMP/); // never into the command's own output
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/PLANTED/);
    } finally {
      scratch.remove();
    }
  });
});
