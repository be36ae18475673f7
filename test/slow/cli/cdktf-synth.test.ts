import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('npx cdktf synth', () => {
  test('synthesizes one stack per environment file, as stripe-config synth does', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'cdktf-synth-'));
    const home = mkdtempSync(path.join(os.tmpdir(), 'cdktf-home-'));
    try {
      await promisify(execFile)('npx', ['cdktf', 'synth', '--output', out], {
        cwd: REPO,
        env: { ...process.env, CHECKPOINT_DISABLE: '1', STRIPE_CONFIG_HOME: home, CI: 'true' },
        timeout: 120_000,
      });
      for (const environment of ['development', 'staging', 'production']) {
        const file = path.join(out, 'stacks', environment, 'cdk.tf.json');
        expect(existsSync(file)).toBe(true);
        const json = JSON.parse(readFileSync(file, 'utf8'));
        expect(json.resource.aws_secretsmanager_secret_version).toBeDefined();
        expect(json.terraform.backend.local.path).toBe(path.relative(path.dirname(file), path.join(home, 'local', 'terraform', `${environment}.tfstate`)));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 150_000);
});
