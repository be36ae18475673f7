/**
 * The workflows' matrices: which environments each job runs for, printed in GitHub's step output
 * syntax (`environments=["staging"]`, `any=true|false`) for `$GITHUB_OUTPUT`.
 *
 *   git diff --name-only "$BASE...$HEAD" | npx tsx scripts/gate-matrix.ts   # pull-request.yml: the gate
 *   npx tsx scripts/gate-matrix.ts --job deploy --summary "$GITHUB_STEP_SUMMARY"   # deploy.yml, canary.yml
 *   npx tsx scripts/gate-matrix.ts --job rollback --summary "$GITHUB_STEP_SUMMARY" production   # rollback.yml
 *
 * The gate runs for the environments whose config, stacks or checks a pull request changed (`--all`:
 * every one), whatever their target: on an embedded one it still judges the candidate. Deploy, canary
 * and rollback act on what is deployed, so they run only for environments that declare an AWS
 * target: an embedded environment's Secrets Manager and ledger are the stand-ins under
 * `.stripe-config/` of the machine that runs its commands, and a runner's start empty and vanish
 * with it. Each environment they skip is named, with why, in the job summary (`--summary <file>`);
 * a rollback asked for one is refused (exit 3), so nobody reads a green run as "rolled back".
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isAwsTarget, listEnvironments, locateEnvironments, type EnvironmentTarget } from '../config';

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

/** The jobs that act on what is deployed, each with what skipping an embedded environment means for it. */
export const DEPLOYED_JOBS = {
  deploy: {
    skipped: (environment: string) =>
      `not deployed from CI: its stand-ins would start empty on this runner and vanish with it. ` +
      `Deploy it where its \`.stripe-config/\` lives (\`npm run stripe-config -- deploy ${environment}\`), or declare an AWS target`,
    refuses: false,
  },
  canary: {
    skipped: () => 'not checked: on this runner its stand-ins hold nothing deployed, so a canary here would check nothing',
    refuses: false,
  },
  rollback: {
    skipped: (environment: string) =>
      `NOT rolled back: its stand-ins on this runner hold nothing to roll back. ` +
      `Roll it back where its \`.stripe-config/\` lives: \`npm run rollback -- ${environment} --reason "…"\``,
    refuses: true,
  },
} as const;

export type DeployedJob = keyof typeof DEPLOYED_JOBS;

export interface DeclaredTarget {
  environment: string;
  target: EnvironmentTarget;
}

export interface JobSelection {
  /** The environments the job runs for, in the order given. */
  environments: string[];
  /** The environments it skips, each with why (one Markdown line for the job summary). */
  skipped: { environment: string; why: string }[];
}

/** Which of these environments a deploy, canary or rollback job runs for: those that declare an AWS target. */
export function environmentsFor(job: DeployedJob, declared: readonly DeclaredTarget[]): JobSelection {
  const config = DEPLOYED_JOBS[job];
  return {
    environments: declared.filter(({ target }) => isAwsTarget(target)).map(({ environment }) => environment),
    skipped: declared
      .filter(({ target }) => !isAwsTarget(target))
      .map(({ environment }) => ({ environment, why: `declares \`target: 'embedded'\`: ${config.skipped(environment)} (docs/WORKFLOWS.md).` })),
  };
}

/** The job summary's lines: what runs, and each environment skipped with why. */
export function jobSummary(job: DeployedJob, selection: JobSelection): string {
  const runs = selection.environments.length > 0 ? selection.environments.map((name) => `\`${name}\``).join(', ') : 'no environment declares an AWS target';
  return [
    `### ${job}: ${runs}`,
    ...selection.skipped.map(({ environment, why }) => `- \`${environment}\` ${why}`),
    '',
  ].join('\n');
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { job: { type: 'string', default: 'gate' }, all: { type: 'boolean', default: false }, summary: { type: 'string' } },
    allowPositionals: true,
  });
  const declared = listEnvironments();
  const job = values.job!;
  if (job === 'gate') {
    // The environment files in config/environments: what `stripe-config gate --all` would gate.
    const selected = values.all ? declared : environmentsToGate(readFileSync(0, 'utf8').split('\n'), declared);
    return printOutputs(selected);
  }
  if (!(job in DEPLOYED_JOBS)) throw new Error(`--job: "${job}" is not one of gate, ${Object.keys(DEPLOYED_JOBS).join(', ')}`);
  const unknown = positionals.filter((name) => !declared.includes(name));
  if (unknown.length > 0) throw new Error(`no environment ${unknown.map((name) => `"${name}"`).join(', ')} in config/environments (known: ${declared.join(', ')})`);
  // Where each lives, read as the commands read it (locateEnvironment: the file's target and infrastructure only).
  const targets = locateEnvironments(positionals.length > 0 ? positionals : declared).map(({ environment, target }) => ({ environment, target }));
  const selection = environmentsFor(job as DeployedJob, targets);
  if (values.summary) appendFileSync(values.summary, jobSummary(job as DeployedJob, selection));
  for (const { environment, why } of selection.skipped) console.error(`${environment} ${why}`);
  printOutputs(selection.environments);
  return DEPLOYED_JOBS[job as DeployedJob].refuses && selection.skipped.length > 0 ? 3 : 0;
}

function printOutputs(selected: readonly string[]): number {
  console.log(`environments=${JSON.stringify(selected)}`);
  console.log(`any=${selected.length > 0}`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    const { message, hint } = error as Error & { hint?: string };
    console.error(`gate-matrix: ${message}${hint ? `\nhint: ${hint}` : ''}`);
    process.exitCode = 2;
  }
}
