/**
 * Every `run:` script of a workflow that invokes stripe-config, replayed as GitHub would run it
 * (bash -eo pipefail, the step's env with its expressions substituted, GITHUB_OUTPUT and friends
 * pointing at files) against the embedded default: the pull request's gate, then the deploy on
 * merge, the canary on what is live, and on-call's rollback after a bad version went live.
 * So every command a workflow runs is one the tests also run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { locationOf, validateEnvironmentValue } from '../../../config';
import { findLabelHolders, openTargets, openWorkspace } from '../../../ops';
import { sampleEnvironment } from '../../helpers/environments';
import { readWorkflow, REPOSITORY_ROOT, workflowFiles, type WorkflowStep } from '../../helpers/workflows';

const ENVIRONMENT = 'development';

/**
 * What each expression in a replayed step's env stands for here: a same-repository pull request
 * (a fork's `--local` is the target9 flag), no repository secrets (the embedded accounts hold the
 * key material), on-call's inputs. An expression missing here fails the test, naming it.
 */
const EXPRESSIONS: Record<string, string> = {
  '${{ matrix.environment }}': ENVIRONMENT,
  '${{ inputs.environment }}': ENVIRONMENT,
  "${{ github.event.pull_request.head.repo.fork && '--local' || '' }}": '',
  "${{ github.event.pull_request.head.repo.fork && '{}' || toJSON(secrets) }}": '{}',
  '${{ toJSON(secrets) }}': '{}',
  '${{ steps.accept.outputs.reason }}': '',
  '${{ inputs.reason }}': 'INC-42 replayed by the workflow test',
  '${{ inputs.to }}': '',
};

/** The steps that invoke stripe-config, in the order a change travels: PR, merge, canary, incident. */
const REPLAYED = [
  { workflow: 'pull-request.yml', job: 'gate', step: 'gate' },
  { workflow: 'deploy-environment.yml', job: 'deploy', step: 'deploy' },
  { workflow: 'canary.yml', job: 'canary', step: 'canary' },
  { workflow: 'rollback.yml', job: 'rollback', step: 'rollback' },
] as const;

interface ReplayableStep {
  workflow: string;
  job: string;
  step: string;
  script: string;
  env: Record<string, string>;
}

/** Any way a script can start the CLI: its npm scripts, its bin, npx. */
const INVOKES_STRIPE_CONFIG = /npm run (--silent )?(stripe-config|rollback|gate:all)\b|bin\/stripe-config\.js|npx stripe-config/;

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
          env: substitute({ ...workflow.env, ...definition.env, ...step.env }),
        })),
    );
  });
}

function substitute(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => {
      const expression = String(value);
      if (!expression.includes('${{')) return [name, expression];
      if (!(expression in EXPRESSIONS)) throw new Error(`env ${name}: no replay value for ${expression}`);
      return [name, EXPRESSIONS[expression]];
    }),
  );
}

interface Replay {
  code: number;
  output: string;
  summary: string;
}

let home: string;
let runner: string;
const steps = replayableSteps();
const results = new Map<string, Replay>();

/** Runs one step's script as GitHub's `bash` shell does, in the repository, on the embedded default. */
function replay(which: (typeof REPLAYED)[number]): Promise<Replay> {
  const step = steps.find((candidate) => candidate.workflow === which.workflow && candidate.job === which.job && candidate.step === which.step)!;
  const temp = mkdtempSync(path.join(runner, 'step-'));
  const files = { GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_STEP_SUMMARY: path.join(temp, 'summary'), GITHUB_ENV: path.join(temp, 'env') };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.script], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        ...step.env,
        ...files,
        RUNNER_TEMP: temp,
        GITHUB_ACTOR: 'replay-bot',
        GITHUB_REPOSITORY: 'shop/stripe-config',
        STRIPE_CONFIG_HOME: home,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let summary = '';
      try {
        summary = readFileSync(path.join(temp, 'gate-report', 'gate.md'), 'utf8');
      } catch {
        // only the gate writes a report folder
      }
      resolve({ code: code ?? 1, output, summary });
    });
  });
}

/** A version nobody deployed through the tool goes live (a console edit): the incident on-call answers. */
async function aBadVersionGoesLive(): Promise<{ good: string; bad: string }> {
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

async function liveVersion(): Promise<string | undefined> {
  const { region, configSecretId } = locationOf(sampleEnvironment(ENVIRONMENT));
  const targets = await openTargets(openWorkspace(home), { local: true });
  try {
    return (await findLabelHolders(targets.secretsManager(region), configSecretId)).current;
  } finally {
    await targets.close();
  }
}

let incident: { good: string; bad: string };

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-replay-'));
  runner = path.join(home, 'runner');
  mkdirSync(runner);
  // One world for the whole story; each test below asserts on one step of it.
  for (const which of REPLAYED.slice(0, 3)) results.set(which.workflow, await replay(which));
  incident = await aBadVersionGoesLive();
  results.set('rollback.yml', await replay(REPLAYED[3]));
}, 1_500_000);

afterAll(() => rmSync(home, { recursive: true, force: true }));

test('the replayed steps are every workflow step that invokes stripe-config', () => {
  expect(steps.map(({ workflow, job, step }) => ({ workflow, job, step }))).toEqual(
    expect.arrayContaining(REPLAYED.map((which) => ({ ...which }))),
  );
  expect(steps).toHaveLength(REPLAYED.length);
});

test("the pull request's gate passes and writes the comment its sticky step posts", () => {
  const gate = results.get('pull-request.yml')!;
  expect(gate.code).toBe(0);
  expect(gate.summary).toContain(ENVIRONMENT);
});

test('the deploy on merge applies what the gate passed, with its smoke', () => {
  const deploy = results.get('deploy-environment.yml')!;
  expect(deploy.output).toMatch(new RegExp(`deployed ${ENVIRONMENT}: AWSCURRENT is version \\S+`));
  expect(deploy.code).toBe(0);
});

test('the canary runs every journey against the live document and passes', () => {
  const canary = results.get('canary.yml')!;
  expect(canary.output).toMatch(new RegExp(`canary ${ENVIRONMENT} \\(AWSCURRENT \\S+, test mode\\)`));
  expect(canary.output).toContain(`${ENVIRONMENT}: canary PASS`);
  expect(canary.code).toBe(0);
});

test("on-call's rollback restores the deployed version over the bad one, verified", async () => {
  const rollback = results.get('rollback.yml')!;
  expect(rollback.code).toBe(0);
  expect(rollback.output).toContain(incident.good);
  expect(await liveVersion()).toBe(incident.good);
});
