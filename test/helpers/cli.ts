import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'stripe-config.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the stripe-config CLI as a user would, in its own workspace folder. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCommand([process.execPath, BIN, ...args], { env: { ...process.env, ...env } });
}

/** Runs any command (`npm run …` as the docs write it) with exactly `env`, and collects what it printed. */
export function runCommand(command: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
