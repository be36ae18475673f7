/**
 * Which environments a pull request's gate runs for: the pull-request workflow pipes the changed
 * paths (`git diff --name-only base...head`) into this script and uses its output as the gate's
 * matrix. An environment's own file changes only that environment; code every environment's gate
 * runs through (its stacks, its checks, the checkout code the journeys drive) changes all of them.
 *
 *   git diff --name-only "$BASE...$HEAD" | npx tsx scripts/gate-matrix.ts >> "$GITHUB_OUTPUT"
 *
 * prints `environments=["staging"]` and `any=true|false` (GitHub's step output syntax).
 * With `--all` it reads nothing and prints every declared environment (the canary's matrix).
 */
import { readFileSync } from 'node:fs';
import { listEnvironments } from '../config';

const ENVIRONMENT_FILE = /^config\/environments\/([^/]+)\.ts$/;

/** Paths whose change can alter every environment's plan or journeys, each with why. */
export const SHARED_PATHS: readonly { prefix: string; why: string }[] = [
  { prefix: 'config/', why: 'the schema, the rules and the renderer of every runtime document' },
  { prefix: 'stacks/', why: 'the CDKTF constructs every plan is synthesized from' },
  { prefix: 'checks/', why: 'the journey table and the runner that judge every environment' },
  { prefix: 'runtime/', why: 'the checkout code the journeys drive and the runtime schema' },
  { prefix: 'ops/', why: 'the gate itself (plan, baseline, verdict)' },
  { prefix: 'cdktf.json', why: 'the CDKTF app every stack is synthesized by' },
  { prefix: 'package-lock.json', why: 'the pinned Stripe SDK, AWS provider and browser driver' },
];

/** The environments to gate, in the order of `environments`, for these changed paths. */
export function environmentsToGate(changedPaths: readonly string[], environments: readonly string[]): string[] {
  const paths = changedPaths.map((line) => line.trim()).filter(Boolean);
  const own = new Set(paths.map((file) => ENVIRONMENT_FILE.exec(file)?.[1]).filter((name): name is string => Boolean(name)));
  const shared = paths.some((file) => !ENVIRONMENT_FILE.test(file) && SHARED_PATHS.some(({ prefix }) => file.startsWith(prefix)));
  // A deleted environment file names an environment that no longer exists: nothing to gate.
  return environments.filter((name) => shared || own.has(name));
}

if (require.main === module) {
  // The environment files in config/environments: what `stripe-config gate --all` would gate.
  const declared = listEnvironments();
  const selected = process.argv.includes('--all') ? declared : environmentsToGate(readFileSync(0, 'utf8').split('\n'), declared);
  console.log(`environments=${JSON.stringify(selected)}`);
  console.log(`any=${selected.length > 0}`);
}
