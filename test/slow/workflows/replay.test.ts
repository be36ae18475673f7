/**
 * Every `run:` script of a workflow that invokes stripe-config or picks the environments a job runs
 * for (scripts/gate-matrix.ts), replayed as GitHub runs it (the step's shell, its env with the
 * expressions substituted, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files) against the embedded
 * default. So every command a workflow runs is one the tests also run.
 *
 * The samples all declare the embedded target, so the replay shows each job's matrix skipping them
 * (deploy, canary) or refusing (rollback), with why in the job summary. The commands those jobs run
 * for an AWS target are replayed all the same, in one world that carries a change the way it travels:
 * the pull request's gate, the deploy of what it passed (the one real gate → deploy path), the canary
 * on what went live, and on-call's rollback after a bad version went live. A fork's gate (`--local`,
 * no secrets) runs in a world of its own, fresh as a runner's.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { listEnvironments, locationOf, validateEnvironmentValue } from '../../../config';
import { findLabelHolders, openTargets, openWorkspace } from '../../../ops';
import { runCommand } from '../../helpers/cli';
import { sampleEnvironment } from '../../helpers/environments';
import { readWorkflow, REPOSITORY_ROOT, shellOf, workflowFiles, type WorkflowStep } from '../../helpers/workflows';

const ENVIRONMENT = 'development';

/** The GitHub event a step is replayed in: who opened the pull request, and its base and head. */
interface Event {
  fork: boolean;
  base: string;
  head: string;
}

/**
 * What each expression in a replayed step's env stands for in `event`: no repository secrets (the
 * embedded accounts hold the key material), no accepting review, on-call's inputs. An expression
 * missing here fails the test, naming it.
 */
function expressionsFor(event: Event): Record<string, string> {
  return {
    '${{ matrix.environment }}': ENVIRONMENT,
    '${{ inputs.environment }}': ENVIRONMENT,
    "${{ github.event.pull_request.head.repo.fork && '--local' || '' }}": event.fork ? '--local' : '',
    "${{ github.event.pull_request.head.repo.fork && '{}' || toJSON(secrets) }}": '{}',
    '${{ toJSON(secrets) }}': '{}',
    '${{ steps.accept.outputs.reason }}': '',
    '${{ inputs.reason }}': 'INC-42 replayed by the workflow test',
    '${{ inputs.to }}': '',
    '${{ github.event.pull_request.base.sha }}': event.base,
    '${{ github.event.pull_request.head.sha }}': event.head,
  };
}

/** Each replayed step: workflow, job, step name. Together they are every step that invokes stripe-config. */
const STEPS = {
  prMatrix: { workflow: 'pull-request.yml', job: 'environments', step: 'matrix' },
  gate: { workflow: 'pull-request.yml', job: 'gate', step: 'gate' },
  deployTargets: { workflow: 'deploy.yml', job: 'targets', step: 'environments with an AWS target' },
  deploy: { workflow: 'deploy-environment.yml', job: 'deploy', step: 'deploy' },
  canaryMatrix: { workflow: 'canary.yml', job: 'environments', step: 'environments with an AWS target' },
  canary: { workflow: 'canary.yml', job: 'canary', step: 'canary' },
  rollbackTarget: { workflow: 'rollback.yml', job: 'rollback', step: 'declared target' },
  rollback: { workflow: 'rollback.yml', job: 'rollback', step: 'rollback' },
} as const;
type StepKey = keyof typeof STEPS;

interface ReplayableStep {
  workflow: string;
  job: string;
  step: string;
  script: string;
  shell: string[];
  env: Record<string, string>;
}

/** Any way a script can start the CLI (its npm scripts, its bin, npx) or the workflows' matrix script. */
const INVOKES_STRIPE_CONFIG = /npm run (--silent )?(stripe-config|rollback|gate:all)\b|bin\/stripe-config\.js|npx stripe-config|scripts\/gate-matrix\.ts/;

function replayableSteps(): ReplayableStep[] {
  return workflowFiles().flatMap((file) => {
    const workflow = readWorkflow(file);
    return Object.entries(workflow.jobs).flatMap(([job, definition]) =>
      (definition.steps ?? [])
        .filter((step): step is WorkflowStep & { run: string } => Boolean(step.run && INVOKES_STRIPE_CONFIG.test(step.run)))
        .map((step) => ({
          workflow: path.basename(file),
          job,
          step: step.name ?? step.id ?? step.run,
          script: step.run,
          shell: shellOf(workflow, definition, step),
          env: { ...workflow.env, ...definition.env, ...step.env },
        })),
    );
  });
}

function substitute(env: Record<string, string>, expressions: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => {
      const expression = String(value);
      if (!expression.includes('${{')) return [name, expression];
      if (!(expression in expressions)) throw new Error(`env ${name}: no replay value for ${expression}`);
      return [name, expressions[expression]];
    }),
  );
}

interface Replay {
  code: number;
  /** stdout and stderr, as the step's log shows them. */
  output: string;
  /** What the step wrote to $GITHUB_OUTPUT, by name. */
  outputs: Record<string, string>;
  /** What the step appended to $GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The gate's pull request comment (gate-report/gate.md), when the step wrote one. */
  comment: string;
}

const steps = replayableSteps();
let scratch: string;
let pullRequest: Event;

/** Runs one step's script as GitHub's runner does, in the repository, in the world at `home`. */
async function replay(key: StepKey, home: string, event: Event = pullRequest, extraEnv: Record<string, string> = {}): Promise<Replay> {
  const which = STEPS[key];
  const step = steps.find((candidate) => candidate.workflow === which.workflow && candidate.job === which.job && candidate.step === which.step);
  if (!step) throw new Error(`no step "${which.step}" in job ${which.job} of ${which.workflow}`);
  const temp = mkdtempSync(path.join(scratch, `${key}-`));
  const files = { GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_STEP_SUMMARY: path.join(temp, 'summary'), GITHUB_ENV: path.join(temp, 'env') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const [shell, ...flags] = step.shell;
  const env = {
    ...process.env,
    ...substitute(step.env, expressionsFor(event)),
    ...files,
    ...extraEnv,
    RUNNER_TEMP: temp,
    GITHUB_ACTOR: 'replay-bot',
    GITHUB_REPOSITORY: 'shop/stripe-config',
    STRIPE_CONFIG_HOME: home,
  };
  const { code, stdout, stderr } = await runCommand([shell!, ...flags, '-c', step.script], { cwd: REPOSITORY_ROOT, env });
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const outputs = Object.fromEntries(
    read(files.GITHUB_OUTPUT)
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  // The step's log holds both streams; each assertion reads lines, which a stream keeps whole.
  return { code, output: stdout + stderr, outputs, summary: read(files.GITHUB_STEP_SUMMARY), comment: read(path.join(temp, 'gate-report', 'gate.md')) };
}

/**
 * A pull request that changes the development environment's file, as a git repository of its own:
 * the matrix step's `git diff base...head` reads it (GIT_DIR), not the project's own history.
 */
function aPullRequestChanging(file: string): Event & { gitDir: string } {
  const work = path.join(scratch, 'pull-request');
  mkdirSync(path.join(work, path.dirname(file)), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=replay', '-c', 'user.email=replay@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: work, encoding: 'utf8' }).trim();
  git('init', '--quiet');
  writeFileSync(path.join(work, file), readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8'));
  git('add', '.');
  git('commit', '--quiet', '-m', 'base');
  const base = git('rev-parse', 'HEAD');
  writeFileSync(path.join(work, file), readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8').replace("threeDSecure: 'automatic'", "threeDSecure: 'any'"));
  git('commit', '--quiet', '-am', 'head');
  return { fork: false, base, head: git('rev-parse', 'HEAD'), gitDir: path.join(work, '.git') };
}

/** A version nobody deployed through the tool goes live (a console edit): the incident on-call answers. */
async function aBadVersionGoesLive(home: string): Promise<{ good: string; bad: string }> {
  const development = sampleEnvironment(ENVIRONMENT);
  const config = structuredClone(development.config);
  config.payments.threeDSecure = 'any';
  const bad = validateEnvironmentValue(ENVIRONMENT, config).validated!;
  const { region, configSecretId } = locationOf(development);
  const targets = await openTargets(openWorkspace(home), { local: true });
  try {
    const client = targets.secretsManager(region);
    const good = (await findLabelHolders(client, configSecretId)).current!;
    const answer = await client.send(new PutSecretValueCommand({ SecretId: configSecretId, SecretString: bad.rendered.json }));
    return { good, bad: answer.VersionId! };
  } finally {
    await targets.close();
  }
}

async function liveVersion(home: string): Promise<string | undefined> {
  const { region, configSecretId } = locationOf(sampleEnvironment(ENVIRONMENT));
  const targets = await openTargets(openWorkspace(home), { local: true });
  try {
    return (await findLabelHolders(targets.secretsManager(region), configSecretId)).current;
  } finally {
    await targets.close();
  }
}

const results = new Map<StepKey | 'forkGate', Replay>();
let story: string;
let incident: { good: string; bad: string };
let liveAfterRollback: string | undefined;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-replay-'));
  story = path.join(scratch, 'story');
  const { gitDir, ...event } = aPullRequestChanging(`config/environments/${ENVIRONMENT}.ts`);
  pullRequest = event;
  // The matrices read only the environment files (a world that stays empty), so they run side by side.
  const matrices = path.join(scratch, 'matrices');
  const skipping = ['deployTargets', 'canaryMatrix', 'rollbackTarget'] as const;
  const [prMatrix, ...skipped] = await Promise.all([
    replay('prMatrix', matrices, pullRequest, { GIT_DIR: gitDir }),
    ...skipping.map((key) => replay(key, matrices)),
  ]);
  results.set('prMatrix', prMatrix!);
  skipping.forEach((key, index) => results.set(key, skipped[index]!));
  results.set('forkGate', await replay('gate', path.join(scratch, 'fork'), { ...pullRequest, fork: true }));
  // The story's one world: each test below asserts on one step of it.
  for (const key of ['gate', 'deploy', 'canary'] as const) results.set(key, await replay(key, story));
  incident = await aBadVersionGoesLive(story).catch((error: unknown) => {
    // Without a live version the story stopped earlier: say where, with what those steps printed.
    const steps = (['gate', 'deploy', 'canary'] as const).map((key) => `--- ${key} (exit ${results.get(key)!.code}):\n${results.get(key)!.output.slice(-4000)}`);
    throw new Error(`no live ${ENVIRONMENT} version for the incident (${String(error)}); the story's steps:\n${steps.join('\n')}`);
  });
  results.set('rollback', await replay('rollback', story));
  liveAfterRollback = await liveVersion(story);
}, 1_500_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('the replayed steps are every workflow step that invokes stripe-config or picks environments', () => {
  const replayed = Object.values(STEPS).map((which) => ({ ...which }));
  expect(steps.map(({ workflow, job, step }) => ({ workflow, job, step }))).toEqual(expect.arrayContaining(replayed));
  expect(steps).toHaveLength(replayed.length);
});

test("the pull request's matrix gates the environment whose file it changed", () => {
  const matrix = results.get('prMatrix')!;
  expect(matrix.code).toBe(0);
  expect(matrix.outputs).toEqual({ environments: JSON.stringify([ENVIRONMENT]), any: 'true' });
});

test("the pull request's gate passes and writes the comment its sticky step posts", () => {
  const gate = results.get('gate')!;
  expect(gate.code).toBe(0);
  expect(gate.comment).toContain(ENVIRONMENT);
});

test("a fork's gate runs with --local and no secrets, and writes the report its job summary shows", () => {
  const gate = results.get('forkGate')!;
  expect(gate.code).toBe(0);
  expect(gate.comment).toContain(ENVIRONMENT);
});

test.each([
  ['deployTargets', 'deploy', 'not deployed from CI'],
  ['canaryMatrix', 'canary', 'not checked'],
] as const)('the %s step skips every embedded sample and names each in the job summary', (key, job, why) => {
  const matrix = results.get(key)!;
  expect(matrix.code).toBe(0);
  expect(matrix.outputs).toEqual({ environments: '[]', any: 'false' });
  expect(matrix.summary).toContain(`### ${job}: no environment declares an AWS target`);
  for (const environment of listEnvironments()) expect(matrix.summary).toContain(`- \`${environment}\` declares \`target: 'embedded'\`: ${why}`);
});

test('the rollback button refuses an embedded environment before anything runs, saying where to roll it back', () => {
  const target = results.get('rollbackTarget')!;
  expect(target.code).toBe(3);
  expect(target.summary).toContain(`\`${ENVIRONMENT}\` declares \`target: 'embedded'\`: NOT rolled back`);
  expect(target.summary).toContain(`npm run rollback -- ${ENVIRONMENT} --reason`);
});

test('the deploy on merge applies what the gate passed, with its smoke', () => {
  const deploy = results.get('deploy')!;
  expect(deploy.output).toMatch(new RegExp(`deployed ${ENVIRONMENT}: AWSCURRENT is version \\S+`));
  expect(deploy.code).toBe(0);
});

test('the canary runs every journey against the live document and passes', () => {
  const canary = results.get('canary')!;
  expect(canary.output).toMatch(new RegExp(`canary ${ENVIRONMENT} \\(AWSCURRENT \\S+, test mode\\)`));
  expect(canary.output).toContain(`${ENVIRONMENT}: canary PASS`);
  expect(canary.code).toBe(0);
});

test("on-call's rollback restores the deployed version over the bad one, verified", () => {
  const rollback = results.get('rollback')!;
  expect(rollback.code).toBe(0);
  expect(rollback.output).toContain(incident.good);
  expect(liveAfterRollback).toBe(incident.good);
});
