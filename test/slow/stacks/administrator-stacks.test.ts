/**
 * The administrator's stacks (roles, KMS key, ledger table) cannot be applied on loopback: the
 * stand-ins serve no IAM or KMS. What can be checked offline is that the real `terraform` and
 * hashicorp/aws 5.100.0 accept them: every resource type, attribute and reference valid.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeTerraformCliConfig } from '../../../ops';
import { administratorStackNames, synthesizeStacks } from '../../../stacks';
import { sampleEnvironment } from '../../helpers/environments';

const run = promisify(execFile);
let root: string;
let cliConfigFile: string | undefined;
const environments = [sampleEnvironment('production'), sampleEnvironment('staging')];

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'administrator-stacks-'));
  cliConfigFile = writeTerraformCliConfig(path.join(root, 'terraform.rc'));
  synthesizeStacks(environments, { outdir: path.join(root, 'cdktf.out'), stateDir: path.join(root, 'state'), target: 'aws' });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const { access, ledger } = administratorStackNames(environments);

describe("the administrator's stacks", () => {
  test('are one access stack per environment and one ledger stack for their shared account and region', () => {
    expect(access).toEqual(['production_access', 'staging_access']);
    expect(ledger).toEqual(['ledger_123456789012_eu-west-1']);
  });

  test.each([access[0], ledger[0]])('%s is valid Terraform for hashicorp/aws 5.100.0', async (stack) => {
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...(cliConfigFile ? { TF_CLI_CONFIG_FILE: cliConfigFile } : {}) };
    const cwd = path.join(root, 'cdktf.out', 'stacks', stack);
    await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd, env, timeout: 600_000 });
    const { stdout } = await run('terraform', ['validate', '-json', '-no-color'], { cwd, env, timeout: 600_000 });
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, error_count: 0 });
  }, 900_000);
});
