import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG_DIR, validateEnvironmentValue, type EnvironmentConfig, type ValidatedEnvironment } from '../../config';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

const loaded = new Map<string, ValidatedEnvironment>();

/**
 * A sample environment as shipped in config/environments (a fresh copy each call): evaluated and
 * validated with the schema and the rules, as `loadEnvironment` does after its type-check. The
 * type-check is left out because it loads the TypeScript compiler, about a second in every test
 * file; that the samples type-check is test/unit/config/types.test.ts's job.
 */
export function sampleEnvironment(environment = 'production'): ValidatedEnvironment {
  let validated = loaded.get(environment);
  if (!validated) {
    // jest compiles the .ts file on require, as tsx does for the CLI.
    const value = (require(path.join(DEFAULT_CONFIG_DIR, `${environment}.ts`)) as { default: unknown }).default;
    const result = validateEnvironmentValue(environment, value);
    if (!result.validated) throw new Error(`the sample ${environment} is not valid: ${JSON.stringify(result.problems)}`);
    validated = result.validated;
    loaded.set(environment, validated);
  }
  return structuredClone(validated);
}

/** `base` with its config changed by `mutate`, validated as a pull request's change would be (throws on problems). */
export function changed(base: ValidatedEnvironment, mutate: (config: ValidatedEnvironment['config']) => void): ValidatedEnvironment {
  const config = structuredClone(base.config);
  mutate(config);
  const { validated, problems } = validateEnvironmentValue(base.environment, config);
  if (!validated) throw new Error(JSON.stringify(problems));
  return validated;
}

/** A deep copy of a sample environment's config, to mutate in a test. */
export function sampleConfig(environment = 'production'): EnvironmentConfig {
  return sampleEnvironment(environment).config;
}

/**
 * A scratch copy of config/environments inside the repo (so imports of ../define and node_modules
 * resolve), for tests that edit environment files the way a pull request would.
 */
export function scratchConfigDir(): { dir: string; edit(environment: string, from: string, to: string): void; write(environment: string, text: string): void; remove(): void } {
  const base = path.join(PROJECT_ROOT, '.stripe-config', 'test-scratch');
  mkdirSync(base, { recursive: true });
  const root = mkdtempSync(path.join(base, 'config-'));
  const dir = path.join(root, 'environments');
  mkdirSync(dir);
  for (const name of ['development', 'staging', 'production']) {
    const text = readFileSync(path.join(DEFAULT_CONFIG_DIR, `${name}.ts`), 'utf8').replace("from '../define'", `from ${JSON.stringify(path.relative(dir, path.join(PROJECT_ROOT, 'config', 'define')))}`);
    writeFileSync(path.join(dir, `${name}.ts`), text);
  }
  return {
    dir,
    edit(environment, from, to) {
      const file = path.join(dir, `${environment}.ts`);
      const text = readFileSync(file, 'utf8');
      if (!text.includes(from)) throw new Error(`${from} not found in ${file}`);
      writeFileSync(file, text.replace(from, to));
    },
    write(environment, text) {
      writeFileSync(path.join(dir, `${environment}.ts`), text);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
