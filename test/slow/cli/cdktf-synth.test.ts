/**
 * cdktf.json's app, run the way the CDKTF CLI's `cdktf synth` runs it (cdktf-cli 0.21,
 * @cdktf/cli-core src/lib/synth-stack.js): the `app` command in a shell at the project root, with
 * CDKTF_OUTDIR, CDKTF_CONTEXT_JSON and CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS set; the CLI then
 * reads the stacks from `<outdir>/manifest.json`. The CLI itself is not a dependency (CDKTF was
 * archived by HashiCorp in December 2025, and its CLI is a third of node_modules); a user who has it
 * installed gets the same stacks from `cdktf synth`.
 */
import { exec } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe("cdktf.json's app, as cdktf synth runs it", () => {
  test('writes one stack per environment file and the manifest the CDKTF CLI reads them from', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'cdktf-synth-'));
    const home = mkdtempSync(path.join(os.tmpdir(), 'cdktf-home-'));
    try {
      const { app } = JSON.parse(readFileSync(path.join(REPO, 'cdktf.json'), 'utf8')) as { app: string };
      await promisify(exec)(app, {
        cwd: REPO,
        env: {
          ...process.env,
          CHECKPOINT_DISABLE: '1',
          STRIPE_CONFIG_HOME: home,
          CDKTF_OUTDIR: out,
          CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
          CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }),
          SYNTH_HCL_OUTPUT: 'false',
        },
        timeout: 120_000,
      });
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
      for (const environment of ['development', 'staging', 'production']) {
        expect(manifest.stacks[environment]?.synthesizedStackPath).toBe(`stacks/${environment}/cdk.tf.json`);
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
