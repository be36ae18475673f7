/**
 * When ops/terraform.ts skips `terraform init`: only when the folder was initialised for the same
 * backend, required providers and provider installation, and what init left is unchanged. Here the
 * folder is made to look as init leaves it; test/slow/ops/terraform-init.test.ts runs the real init.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isInitialised, recordInit, type TerraformContext } from '../../../ops/terraform';

const PROVIDER = path.join('providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64');

let root: string;
let context: TerraformContext;
const stack = (terraform: Record<string, unknown>, resource: Record<string, unknown> = {}) =>
  writeFileSync(path.join(context.directory, 'cdk.tf.json'), JSON.stringify({ terraform, resource }));
const TERRAFORM_BLOCK = {
  backend: { local: { path: '../../state/staging.tfstate' } },
  required_providers: { aws: { source: 'aws', version: '5.100.0' } },
};

/** What `terraform init` leaves: backend settings, lock file, the provider symlinked from the mirror. */
function pretendInit(): void {
  mkdirSync(path.join(context.directory, '.terraform', path.dirname(PROVIDER)), { recursive: true });
  writeFileSync(path.join(context.directory, '.terraform', 'terraform.tfstate'), '{"backend":{"type":"local"}}');
  writeFileSync(path.join(context.directory, '.terraform.lock.hcl'), 'provider "registry.terraform.io/hashicorp/aws" {}');
  symlinkSync(path.join(root, 'mirror'), path.join(context.directory, '.terraform', PROVIDER));
  recordInit(context);
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'terraform-init-'));
  mkdirSync(path.join(root, 'mirror'));
  mkdirSync(path.join(root, 'stack'));
  writeFileSync(path.join(root, 'terraform.rc'), 'provider_installation { filesystem_mirror { path = "/opt/tf-plugins" } }');
  context = { directory: path.join(root, 'stack'), variables: {}, env: {}, secrets: [], cliConfigFile: path.join(root, 'terraform.rc') };
  stack(TERRAFORM_BLOCK);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a folder that was never initialised needs init', () => {
  expect(isInitialised(context)).toBe(false);
});

test('after init, the folder stays initialised when only resources change', () => {
  pretendInit();
  expect(isInitialised(context)).toBe(true);
  stack(TERRAFORM_BLOCK, { aws_secretsmanager_secret: { config: { name: 'changed' } } });
  expect(isInitialised(context)).toBe(true);
});

test.each<[string, () => void]>([
  ['the backend block changes (a new state path)', () => stack({ ...TERRAFORM_BLOCK, backend: { local: { path: '../../other/staging.tfstate' } } })],
  ['the required providers change', () => stack({ ...TERRAFORM_BLOCK, required_providers: { aws: { source: 'aws', version: '>= 5.100.0' } } })],
  ['a module is added', () => writeFileSync(path.join(context.directory, 'modules.tf.json'), JSON.stringify({ module: { vpc: { source: './vpc' } } }))],
  ['an HCL file appears (not parsed, so init always runs)', () => writeFileSync(path.join(context.directory, 'extra.tf'), '')],
  ['the provider installation (CLI config) changes', () => writeFileSync(context.cliConfigFile!, 'provider_installation { direct {} }')],
  ['the lock file changes', () => writeFileSync(path.join(context.directory, '.terraform.lock.hcl'), 'provider "registry.terraform.io/hashicorp/aws" { version = "6.0.0" }')],
  ['the lock file is deleted', () => rmSync(path.join(context.directory, '.terraform.lock.hcl'))],
  ['the backend settings are deleted', () => rmSync(path.join(context.directory, '.terraform', 'terraform.tfstate'))],
  ['the provider is gone from the mirror', () => rmSync(path.join(root, 'mirror'), { recursive: true })],
  ['the record is not JSON', () => writeFileSync(path.join(context.directory, '.terraform', 'stripe-config-init.json'), '{')],
])('init runs again when %s', (_change, change) => {
  pretendInit();
  change();
  expect(isInitialised(context)).toBe(false);
});

test('TF_DATA_DIR moves where init left its data, and the record with it', () => {
  context.env.TF_DATA_DIR = path.join(root, 'data');
  expect(isInitialised(context)).toBe(false);
  mkdirSync(path.join(root, 'data'));
  writeFileSync(path.join(root, 'data', 'terraform.tfstate'), '{}');
  writeFileSync(path.join(context.directory, '.terraform.lock.hcl'), '');
  recordInit(context);
  expect(isInitialised(context)).toBe(true);
  delete context.env.TF_DATA_DIR;
  expect(isInitialised(context)).toBe(false);
});
