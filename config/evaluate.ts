/**
 * Environment files are code, run by every command that reads them. They are evaluated in a child
 * process whose environment holds none of the caller's secrets (no $STRIPE_CONFIG_KEY_SET_*, no
 * AWS credentials, nothing but what Node and tsx need), so a config file, or a package it imports,
 * cannot read key material, nor print it into a CI log, even on the on-call laptop that holds
 * production credentials. Its output goes to stderr, never into a command's own output.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { deserialize } from 'node:v8';
import type { Evaluation } from './evaluate-child';

const CHILD = path.join(__dirname, 'evaluate-child.ts');
/** An environment file that does not finish evaluating in this time is reported, not waited for. */
const EVALUATION_TIMEOUT_MS = 60_000;
/**
 * What the child may see: where programs and temporary files are (tsx keeps its compile cache in
 * the temporary folder), the time zone and the locale. Nothing else: an allowlist, so a secret
 * under a name nobody thought of stays out too.
 */
const PASSED_VARIABLES = ['PATH', 'TMPDIR', 'TMP', 'TEMP', 'TZ', 'LANG', 'LC_ALL', 'SYSTEMROOT'];

export type { Evaluation } from './evaluate-child';

/** What each file exports (in the order given), or why it could not be evaluated. One child process for all. */
export function evaluateEnvironmentFiles(files: string[]): Evaluation[] {
  if (files.length === 0) return [];
  const child = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), CHILD, ...files], {
    env: childEnvironment(process.env),
    // The files' own output goes to our stderr; fd 3 carries what they exported.
    stdio: ['ignore', 2, 2, 'pipe'],
    timeout: EVALUATION_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = child.output?.[3];
  if (child.status === 0 && result && result.length > 0) return deserialize(result) as Evaluation[];
  const why = child.error
    ? (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
      ? `did not finish within ${EVALUATION_TIMEOUT_MS / 1000} s`
      : child.error.message
    : `its evaluation ended ${child.signal ? `by ${child.signal}` : `with exit code ${child.status}`} before it returned a config (does it call process.exit?)`;
  return files.map(() => ({ error: why }));
}

/** The variables a child evaluating environment files gets: the allowlist, nothing else. */
export function childEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(PASSED_VARIABLES.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]!]])));
}
