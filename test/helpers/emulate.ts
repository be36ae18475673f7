import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'stripe-config.js');

export interface RunningEmulate {
  child: ChildProcess;
  secretsManagerUrl: string;
  stripeUrl: string;
  dynamodbUrl: string;
  /** Stops it with SIGTERM (it closes its stand-ins and LevelDB) and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `stripe-config emulate` on a workspace (STRIPE_CONFIG_HOME=home) and waits for its URLs:
 * the world that CLI commands spawned with the same home attach to, as on a laptop.
 */
export async function startEmulate(home: string, timeoutMs = 60_000): Promise<RunningEmulate> {
  const child = spawn(process.execPath, [BIN, 'emulate'], { env: { ...process.env, STRIPE_CONFIG_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const urls = await new Promise<{ secretsManagerUrl: string; stripeUrl: string; dynamodbUrl: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`emulate did not announce its URLs within ${timeoutMs} ms: ${output}`)), timeoutMs);
      child.stdout!.on('data', (chunk) => {
        output += chunk;
        const url = (name: string) => new RegExp(`^${name} +(http://127\\.0\\.0\\.1:\\d+)`, 'm').exec(output)?.[1];
        const [secretsManagerUrl, stripeUrl, dynamodbUrl] = [url('secrets-manager'), url('stripe'), url('dynamodb')];
        if (secretsManagerUrl && stripeUrl && dynamodbUrl && /^other stripe-config commands/m.test(output)) {
          clearTimeout(timer);
          resolve({ secretsManagerUrl, stripeUrl, dynamodbUrl });
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`emulate exited with ${code}: ${output}`));
      });
    });
    return {
      child,
      ...urls,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
