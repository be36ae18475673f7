import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import Stripe from 'stripe';
import { EMBEDDED_ACCOUNTS } from '../../../ops';
import { runCli } from '../../helpers/cli';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'stripe-config.js');

/** Starts `stripe-config emulate`, waits for its URL lines and the keys line, returns them and the process. */
/** Every emulate started, so a failed assertion cannot leave one running (and the test run hanging). */
const started: ChildProcess[] = [];

function startEmulate(home: string) {
  const child = spawn(process.execPath, [BIN, 'emulate'], { env: { ...process.env, STRIPE_CONFIG_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<{ aws: string; stripe: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const aws = /^secrets-manager (http:\/\/127\.0\.0\.1:\d+)/m.exec(output)?.[1];
      const stripe = /^stripe +(http:\/\/127\.0\.0\.1:\d+)/m.exec(output)?.[1];
      if (aws && stripe && /^stripe keys /m.test(output)) resolve({ aws, stripe });
    });
    child.on('exit', (code) => reject(new Error(`emulate exited with ${code}: ${output}`)));
  });
  started.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

describe('stripe-config emulate', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-emulate-'))));
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  test('serves both stand-ins on loopback to clients and to other commands, keeps state across restarts, exits cleanly on signals', async () => {
    const first = startEmulate(home);
    const urls = await first.ready;
    const client = new SecretsManagerClient({ region: 'eu-west-1', endpoint: urls.aws, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } });
    await client.send(new CreateSecretCommand({ Name: 'kept', SecretString: 'v1' }));
    await client.send(new PutSecretValueCommand({ SecretId: 'kept', SecretString: 'v2' }));
    client.destroy();

    // The embedded accounts answer with their keys from the workspace, whose path (not content) emulate prints.
    const keysFile = path.join(home, 'local', 'stripe-accounts.json');
    expect(first.output()).toContain(`stripe keys     ${keysFile}`);
    const accounts = JSON.parse(readFileSync(keysFile, 'utf8')) as Array<{ id: string; secretKey: string; webhookSigningSecret: string }>;
    for (const account of accounts) {
      expect(first.output()).not.toContain(account.secretKey);
      expect(first.output()).not.toContain(account.webhookSigningSecret);
    }
    expect(accounts.map((a) => a.id)).toEqual(EMBEDDED_ACCOUNTS.map((a) => a.id));
    const port = Number(new URL(urls.stripe).port);
    const stripe = new Stripe(accounts[0].secretKey, { host: '127.0.0.1', port, protocol: 'http' });
    expect((await stripe.accounts.retrieveCurrent()).id).toBe(accounts[0].id);

    // Other commands in the workspace use the running stand-ins rather than fighting over their state.
    const check = await runCli(['check', 'staging'], { STRIPE_CONFIG_HOME: home });
    expect(check).toMatchObject({ code: 0, stdout: expect.stringMatching(/3DS challenge completed/) });

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/stopped\n$/);

    const second = startEmulate(home);
    const again = await second.ready;
    const reopened = new SecretsManagerClient({ region: 'eu-west-1', endpoint: again.aws, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } });
    expect((await reopened.send(new GetSecretValueCommand({ SecretId: 'kept' }))).SecretString).toBe('v2');
    reopened.destroy();
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 60_000);
});
