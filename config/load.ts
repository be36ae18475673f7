/**
 * Loads environment files (config/environments/<env>.ts): type-checks them with the TypeScript
 * compiler first, so a typo is reported as a TypeScript error with file and line rather than a
 * stack trace, then evaluates them in a child process without secrets (config/evaluate.ts) and
 * validates the value with the schema and the rules.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../runtime/contract';
import { environmentNameProblem } from './environment-name';
import { ConfigError } from './errors';
import { evaluateEnvironmentFiles, type Evaluation } from './evaluate';
import { checkRules, checkValueRules } from './rules';
import { renderRuntimeDocument, secretNamesFor, type RenderedDocument } from './render';
import { validateEnvironmentShape, validateInfrastructure } from './schema';
import { targetProblems } from './target';
import { maskSecrets } from './secret-strings';
import { typeCheckEnvironmentFiles } from './type-check';
import type { EnvironmentConfig, EnvironmentTarget } from './types';

export const DEFAULT_CONFIG_DIR = path.resolve(__dirname, 'environments');

export interface LoadOptions {
  /** Folder holding <env>.ts files, absolute or relative to the working directory; default config/environments. */
  configDir?: string;
  /** Today's date for date rules; default now. */
  today?: Date;
}

/** Every environment file's name in the folder (`<name>.ts`), including names that break the naming rule. */
export function listEnvironments(configDir = DEFAULT_CONFIG_DIR): string[] {
  const dir = path.resolve(configDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -3))
    .sort();
}

export function environmentFile(environment: string, configDir = DEFAULT_CONFIG_DIR): string {
  return path.join(path.resolve(configDir), `${environment}.ts`);
}

export interface ValidatedEnvironment {
  environment: string;
  config: EnvironmentConfig;
  rendered: RenderedDocument;
}

export interface EnvironmentReport {
  environment: string;
  file: string;
  typeErrors: string[];
  problems: Problem[];
  /** Present only when there are no type errors and no problems. */
  validated?: ValidatedEnvironment;
}

/**
 * Checks several environments at once (one TypeScript program for all of them) and reports every
 * problem. A name that breaks the naming rule is a usage error, unless it is a file of the folder
 * (a listed environment): that one is reported, not loaded.
 */
export function inspectEnvironments(environments: string[], options: LoadOptions = {}): EnvironmentReport[] {
  const configDir = options.configDir ?? DEFAULT_CONFIG_DIR;
  const entries = environments.map((environment) => {
    const file = environmentFile(environment, configDir);
    const misnamed = environmentNameProblem(environment);
    if (misnamed && listEnvironments(configDir).includes(environment)) return { environment, file, misnamed };
    if (misnamed) throw new ConfigError('usage', misnamed, knownEnvironmentsHint(configDir, 'Name an environment by its file name without .ts.'));
    if (!existsSync(file)) throw missingEnvironmentError(environment, file, knownEnvironmentsHint(configDir, `Create ${path.relative(process.cwd(), file)}`));
    return { environment, file };
  });
  const loadable = entries.filter((entry) => !entry.misnamed).map((entry) => entry.file);
  const diagnostics = loadable.length > 0 ? typeCheckEnvironmentFiles(loadable).map(maskSecrets) : [];
  const evaluations = new Map(evaluateEnvironmentFiles(loadable).map((evaluation, index) => [loadable[index]!, evaluation]));
  return entries.map(({ environment, file, misnamed }): EnvironmentReport => {
    if (misnamed) return { environment, file, typeErrors: [], problems: [{ path: '/environment', message: misnamed }] };
    const relative = path.relative(process.cwd(), file);
    const typeErrors = diagnostics.filter((line) => line.startsWith(`${relative}:`));
    const evaluation = evaluations.get(file)!;
    if (typeErrors.length === 0) return { environment, file, typeErrors, ...validateEnvironmentValue(environment, evaluated(file, evaluation), options) };
    // Type errors block the environment, but the schema's field paths say what is wrong in words too
    // (unless the file does not even evaluate: its type errors say why).
    const problems = 'value' in evaluation ? validateEnvironmentValue(environment, evaluation.value, options).problems : [];
    return { environment, file, typeErrors, problems };
  });
}

/** Validates a config value (already evaluated) and renders its document when it is valid. */
export function validateEnvironmentValue(
  environment: string,
  value: unknown,
  options: Pick<LoadOptions, 'today'> = {},
): { problems: Problem[]; validated?: ValidatedEnvironment } {
  // Key material and descriptor characters are worth naming even in a value the schema refuses;
  // where such a rule names what is wrong with a field, its line replaces the schema's vaguer one.
  const { problems: valueProblems, supersededPaths } = checkValueRules(value);
  const shapeProblems = validateEnvironmentShape(value);
  if (shapeProblems.length > 0) return { problems: masked([...shapeProblems.filter((problem) => !supersededBy(supersededPaths, problem.path)), ...valueProblems]) };
  const config = value as EnvironmentConfig;
  const problems = masked([...valueProblems, ...checkRules(config, { environment, today: options.today ?? new Date() })]);
  if (problems.length > 0) return { problems };
  return { problems, validated: { environment, config, rendered: renderRuntimeDocument(environment, config) } };
}

/** A value rule's line replaces the schema's lines at its field and inside it (a union reports each branch's). */
function supersededBy(paths: ReadonlySet<string>, path: string): boolean {
  return [...paths].some((superseded) => path === superseded || path.startsWith(`${superseded}/`));
}

/** Problems as they may be printed: a message that quotes a config value never shows key material. */
function masked(problems: Problem[]): Problem[] {
  return problems.map(({ path, message }) => ({ path: maskSecrets(path), message: maskSecrets(message) }));
}

/** Loads one environment or throws a ConfigError that lists every problem. */
export function loadEnvironment(environment: string, options: LoadOptions = {}): ValidatedEnvironment {
  return loadEnvironments([environment], options)[0];
}

/** Loads several environments with one type-check, or throws a ConfigError for the first one that is not valid. */
export function loadEnvironments(environments: string[], options: LoadOptions = {}): ValidatedEnvironment[] {
  const reports = inspectEnvironments(environments, options);
  const invalid = reports.find((report) => !report.validated);
  if (invalid) throw invalidEnvironmentError(invalid);
  return reports.map((report) => report.validated!);
}

/**
 * The environments a command names, or every one in the folder when it names none. A folder
 * without any is an error, not an empty success: a mistyped --config-dir in CI must not pass.
 */
export function selectEnvironments(names: string[], configDir?: string): string[] {
  if (names.length > 0) return names;
  const found = listEnvironments(configDir);
  if (found.length > 0) return found;
  const shown = configDir ?? (path.relative(process.cwd(), DEFAULT_CONFIG_DIR) || '.');
  const dir = path.resolve(shown);
  const why = !existsSync(dir) ? ' (no such folder)' : !statSync(dir).isDirectory() ? ' (not a folder)' : '';
  throw new ConfigError(
    'config_not_found',
    `no environments in ${shown}${why}`,
    'An environment is a file <name>.ts in that folder (docs/CONFIG.md); check --config-dir.',
  );
}

/** One environment's validation result in words: `ok`, or every type error and problem with its place. */
export function describeReport(report: EnvironmentReport): string {
  if (report.validated) return `${report.environment}: ok`;
  const file = path.relative(process.cwd(), report.file);
  const what = report.typeErrors.length > 0 ? `TypeScript errors in ${file}` : `${report.problems.length} problem(s) in ${file}`;
  return `${report.environment}: ${what}\n  ${[...report.typeErrors, ...formatProblems(report.problems)].join('\n  ')}`;
}

export function invalidEnvironmentError(report: EnvironmentReport): ConfigError {
  return new ConfigError(
    report.typeErrors.length > 0 ? 'config_type_error' : 'config_invalid',
    describeReport(report),
    `Fix ${path.relative(process.cwd(), report.file)}; docs/CONFIG.md explains every field.`,
  );
}

export function formatProblems(problems: Problem[]): string[] {
  return problems.map((problem) => `${problem.path}: ${problem.message}`);
}

/** Where an environment's secrets live: all that rollback needs. */
export interface EnvironmentLocation {
  environment: string;
  /** Where it lives (docs/CONFIG.md, "target"): the commands act there. */
  target: EnvironmentTarget;
  region: string;
  configSecretId: string;
  /** A live-mode environment's test keys (its `testMode`), with which the smoke after a deploy or rollback runs. */
  testMode?: TestModeLocation;
}

/** The same account's test mode, where the checks of a live-mode environment find it. */
export interface TestModeLocation {
  publishableKey: string;
  keySet: string;
  keySetSecretId: string;
}

export function locationOf(validated: Pick<ValidatedEnvironment, 'environment' | 'config'>): EnvironmentLocation {
  const names = secretNamesFor(validated.environment, validated.config);
  const testMode = validated.config.testMode;
  return {
    environment: validated.environment,
    target: validated.config.target,
    region: validated.config.infrastructure.region,
    configSecretId: names.config,
    // locateEnvironment passes a file it did not validate beyond infrastructure: take testMode only when it has its shape.
    ...(typeof testMode?.publishableKey === 'string' && typeof testMode.keySet === 'string'
      ? { testMode: { publishableKey: testMode.publishableKey, keySet: testMode.keySet, keySetSecretId: names.keySet(testMode.keySet) } }
      : {}),
  };
}

/**
 * Finds an environment's secrets without type-checking or validating its Stripe settings: at
 * 3 a.m. the file in the repo may be the very change being rolled back, and it must not block it.
 */
export function locateEnvironment(environment: string, options: LoadOptions = {}): EnvironmentLocation {
  return locateEnvironments([environment], options)[0]!;
}

/** locateEnvironment for several environments, their files evaluated in one child process (the workflows' matrices). */
export function locateEnvironments(environments: string[], options: LoadOptions = {}): EnvironmentLocation[] {
  const files = environments.map((environment) => {
    const misnamed = environmentNameProblem(environment);
    if (misnamed) throw new ConfigError('usage', misnamed, LOCATE_HINT);
    const file = environmentFile(environment, options.configDir ?? DEFAULT_CONFIG_DIR);
    if (!existsSync(file)) throw missingEnvironmentError(environment, file, LOCATE_HINT);
    return file;
  });
  const evaluations = evaluateEnvironmentFiles(files);
  return environments.map((environment, index) => {
    const value = evaluated(files[index]!, evaluations[index]!) as { infrastructure?: unknown };
    // Where it lives and where its secrets are: nothing else of the file is needed, or checked.
    const problems = [
      ...targetProblems(value),
      ...validateInfrastructure(value?.infrastructure).map((p) => ({ ...p, path: `/infrastructure${p.path === '/' ? '' : p.path}` })),
    ];
    if (problems.length > 0) {
      throw new ConfigError('config_invalid', `${environment}: cannot locate its secrets\n  ${formatProblems(problems).join('\n  ')}`, LOCATE_HINT);
    }
    return locationOf({ environment, config: value as EnvironmentConfig });
  });
}

/** The folder's environments, for a hint after a name that is not one of them; `otherwise` when it has none. */
function knownEnvironmentsHint(configDir: string, otherwise: string): string {
  const known = listEnvironments(configDir).filter((name) => !environmentNameProblem(name));
  return known.length > 0 ? `Known environments: ${known.join(', ')}` : otherwise;
}

function missingEnvironmentError(environment: string, file: string, hint: string): ConfigError {
  return new ConfigError('config_not_found', `No environment "${environment}": ${path.relative(process.cwd(), file)} does not exist`, hint);
}

const LOCATE_HINT = 'Pass --region and --secret-id to act without the config file.';

/** What the file exported, or a config error naming the file and why it did not evaluate. */
function evaluated(file: string, evaluation: Evaluation): unknown {
  if ('value' in evaluation) return evaluation.value;
  throw new ConfigError(
    'config_type_error',
    `Could not evaluate ${path.relative(process.cwd(), file)}: ${maskSecrets(evaluation.error)}`,
    'An environment file must only export its config (export default defineEnvironment({...})).',
  );
}
