import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gateCommand, synthCommand } from '../../../ops';
import { scratchConfigDir } from '../../helpers/environments';
import { withoutAwsCredentials } from '../../helpers/fake-sts';

/** development moved to an AWS account; staging and production stay on the embedded stand-ins. */
function mixedConfig(): ReturnType<typeof scratchConfigDir> {
  const scratch = scratchConfigDir();
  scratch.edit('development', "target: 'embedded',", "target: { aws: { accountId: '123456789012' } },");
  scratch.edit('development', '    recoveryWindowInDays: 0,', "    recoveryWindowInDays: 0,\n    backend: { type: 's3', bucket: 'shop-terraform-state', key: 'stripe-config/development.tfstate', region: 'eu-west-1' },");
  return scratch;
}

describe('environments with different targets in one command', () => {
  let scratch: ReturnType<typeof scratchConfigDir>;
  let home: string;
  const saved = { ...process.env };
  beforeEach(() => {
    scratch = mixedConfig();
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-mixed-'));
  });
  afterEach(() => {
    process.env = { ...saved };
    scratch.remove();
    rmSync(home, { recursive: true, force: true });
  });

  test('synth writes each stack for where its environment lives: S3 state for the AWS one, local state for the others', () => {
    process.env.STRIPE_CONFIG_HOME = path.join(home, 'workspace');
    const stacks = synthCommand([], { configDir: scratch.dir, outdir: path.join(home, 'out') });
    const backendOf = (environment: string) => JSON.parse(readFileSync(stacks.find((stack) => stack.environment === environment)!.file, 'utf8')).terraform.backend;
    expect(backendOf('development')).toEqual({ s3: expect.objectContaining({ bucket: 'shop-terraform-state', key: 'stripe-config/development.tfstate' }) });
    expect(Object.keys(backendOf('staging'))).toEqual(['local']);
    expect(Object.keys(backendOf('production'))).toEqual(['local']);
  });

  test('synth --local writes every stack for the stand-ins', () => {
    process.env.STRIPE_CONFIG_HOME = path.join(home, 'workspace');
    const stacks = synthCommand(['development'], { configDir: scratch.dir, outdir: path.join(home, 'out'), local: true });
    expect(Object.keys(JSON.parse(readFileSync(stacks[0]!.file, 'utf8')).terraform.backend)).toEqual(['local']);
  });

  test('gate --all opens AWS for the environment that lives there: without credentials it stops there, naming it, before anything runs', async () => {
    const empty = path.join(home, 'empty');
    writeFileSync(empty, '');
    process.env = { ...withoutAwsCredentials(saved, empty), AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', STRIPE_CONFIG_HOME: path.join(home, 'workspace') };
    const notices: string[] = [];
    const run = await gateCommand([], { configDir: scratch.dir, onNotice: (line) => notices.push(line) });
    expect(run.verdict).toBe('undecided');
    expect(run.environments).toEqual([]);
    expect(run.stopped).toMatchObject({
      code: 'aws_credentials',
      message: 'No AWS credentials for development (AWS account 123456789012, eu-west-1): sign in (e.g. aws sso login, AWS_PROFILE=…) or add --local to try this config on the stand-ins.',
    });
    expect(notices).toEqual([]);
  });
});
