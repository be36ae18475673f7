/**
 * Loads environment files (config/environments/<env>.ts): type-checks them with the TypeScript
 * compiler first, so a typo is reported as a TypeScript error with file and line rather than a
 * stack trace, then evaluates them and validates the value with the schema and the rules.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Problem } from '../runtime/document';
import { StripeConfigError } from '../runtime/errors';
import { checkRules } from './rules';
import { renderRuntimeDocument, type RenderedDocument } from './render';
import { validateEnvironmentShape, type EnvironmentConfig } from './schema';

export const DEFAULT_CONFIG_DIR = path.resolve(__dirname, 'environments');

export interface LoadOptions {
  /** Folder holding <env>.ts files; default config/environments. */
  configDir?: string;
  /** Today's date for date rules; default now. */
  today?: Date;
}

export function listEnvironments(configDir = DEFAULT_CONFIG_DIR): string[] {
  if (!existsSync(configDir)) return [];
  return readdirSync(configDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -3))
    .sort();
}

export function environmentFile(environment: string, configDir = DEFAULT_CONFIG_DIR): string {
  return path.join(configDir, `${environment}.ts`);
}

/** TypeScript diagnostics of the given environment files, formatted `file:line:col - TSxxxx: message`. */
export function typeCheckEnvironmentFiles(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${text}`;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const file = path.relative(process.cwd(), diagnostic.file.fileName);
    return `${file}:${line + 1}:${character + 1} - TS${diagnostic.code}: ${text}`;
  });
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

/** Checks several environments at once (one TypeScript program for all of them) and reports every problem. */
export function inspectEnvironments(environments: string[], options: LoadOptions = {}): EnvironmentReport[] {
  const configDir = options.configDir ?? DEFAULT_CONFIG_DIR;
  const files = environments.map((environment) => {
    const file = environmentFile(environment, configDir);
    if (!existsSync(file)) {
      const known = listEnvironments(configDir);
      throw new StripeConfigError(
        'config_not_found',
        `No environment "${environment}": ${path.relative(process.cwd(), file)} does not exist`,
        known.length > 0 ? `Known environments: ${known.join(', ')}` : `Create ${file}`,
      );
    }
    return file;
  });
  const diagnostics = typeCheckEnvironmentFiles(files);
  return environments.map((environment, index) => {
    const file = files[index];
    const relative = path.relative(process.cwd(), file);
    const typeErrors = diagnostics.filter((line) => line.startsWith(`${relative}:`));
    if (typeErrors.length > 0) return { environment, file, typeErrors, problems: [] };
    const value = evaluate(file);
    return { environment, file, typeErrors, ...validateEnvironmentValue(environment, value, options) };
  });
}

/** Validates a config value (already evaluated) and renders its document when it is valid. */
export function validateEnvironmentValue(
  environment: string,
  value: unknown,
  options: Pick<LoadOptions, 'today'> = {},
): { problems: Problem[]; validated?: ValidatedEnvironment } {
  const shapeProblems = validateEnvironmentShape(value);
  if (shapeProblems.length > 0) return { problems: shapeProblems };
  const config = value as EnvironmentConfig;
  const problems = checkRules(config, { environment, today: options.today ?? new Date() });
  if (problems.length > 0) return { problems };
  return { problems, validated: { environment, config, rendered: renderRuntimeDocument(environment, config) } };
}

/** Loads one environment or throws a StripeConfigError that lists every problem. */
export function loadEnvironment(environment: string, options: LoadOptions = {}): ValidatedEnvironment {
  const [report] = inspectEnvironments([environment], options);
  if (report.validated) return report.validated;
  throw invalidEnvironmentError(report);
}

export function invalidEnvironmentError(report: EnvironmentReport): StripeConfigError {
  if (report.typeErrors.length > 0) {
    return new StripeConfigError(
      'config_type_error',
      `${report.environment}: TypeScript errors in ${path.relative(process.cwd(), report.file)}\n  ${report.typeErrors.join('\n  ')}`,
      'Fix the types; the editor shows the same errors.',
    );
  }
  return new StripeConfigError(
    'config_invalid',
    `${report.environment}: ${report.problems.length} problem(s)\n  ${formatProblems(report.problems).join('\n  ')}`,
    `Edit ${path.relative(process.cwd(), report.file)}; see docs/CONFIG.md for every field.`,
  );
}

export function formatProblems(problems: Problem[]): string[] {
  return problems.map((problem) => `${problem.path}: ${problem.message}`);
}

function evaluate(file: string): unknown {
  try {
    // The CLI runs under tsx and tests under jest, both of which compile .ts on require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as { default?: unknown };
    return loaded.default ?? loaded;
  } catch (error) {
    throw new StripeConfigError(
      'config_type_error',
      `Could not evaluate ${path.relative(process.cwd(), file)}: ${(error as Error).message}`,
      'An environment file must only export its config (export default defineEnvironment({...})).',
      { cause: error },
    );
  }
}
