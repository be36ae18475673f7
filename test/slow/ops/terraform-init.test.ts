/**
 * The real `terraform init` on a synthesized stack, run by ops/terraform.ts only when the folder is
 * not initialised for the same backend and providers (the rules: test/unit/ops/terraform-init.test.ts).
 * Init needs no provider start, so this file runs no plan and no apply.
 */
import { lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { terraformInit, writeTerraformCliConfig, type TerraformContext } from '../../../ops';
import { synthesizeStacks } from '../../../stacks';
import { sampleEnvironment } from '../../helpers/environments';

describe('terraform init of a stack', () => {
  let root: string;
  beforeAll(() => (root = mkdtempSync(path.join(os.tmpdir(), 'terraform-init-'))));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const synth = (stateDir: string) =>
    synthesizeStacks([sampleEnvironment('staging')], { outdir: path.join(root, 'cdktf.out'), stateDir: path.join(root, stateDir), target: 'local' })[0];

  test('runs once, then is skipped until the backend block or the required providers change', async () => {
    const stack = synth('state');
    const cliConfigFile = writeTerraformCliConfig(path.join(root, 'terraform.rc'));
    if (!cliConfigFile) throw new Error('no hashicorp/aws provider mirror (set TF_PROVIDER_MIRROR)');
    const context: TerraformContext = { directory: stack.directory, variables: {}, env: {}, secrets: [], cliConfigFile };
    const backendPath = () => (JSON.parse(readFileSync(path.join(stack.directory, '.terraform', 'terraform.tfstate'), 'utf8')) as { backend: { config: { path: string } } }).backend.config.path;

    expect(await terraformInit(context)).toBe('initialised');
    const provider = path.join(stack.directory, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', `linux_${process.arch === 'x64' ? 'amd64' : process.arch}`);
    expect(lstatSync(provider).isSymbolicLink()).toBe(true);
    expect(await terraformInit(context)).toBe('already initialised');
    // Synthesizing the same stack again keeps .terraform and changes nothing init reads.
    synth('state');
    expect(await terraformInit(context)).toBe('already initialised');

    synth('moved-state');
    expect(await terraformInit(context)).toBe('initialised');
    expect(backendPath()).toBe('../../../moved-state/staging.tfstate');
    expect(await terraformInit(context)).toBe('already initialised');

    // A provider version that is not in the mirror: init runs, so it fails, and then leaves no record.
    const requireAws = (version: string) => {
      const json = JSON.parse(readFileSync(stack.file, 'utf8'));
      json.terraform.required_providers.aws.version = version;
      writeFileSync(stack.file, JSON.stringify(json));
    };
    requireAws('5.99.0');
    await expect(terraformInit(context)).rejects.toMatchObject({ code: 'terraform_failed', message: expect.stringContaining('5.99.0') });
    requireAws('5.100.0');
    expect(await terraformInit(context)).toBe('initialised');
    expect(await terraformInit(context)).toBe('already initialised');
  }, 120_000);
});
