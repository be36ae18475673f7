import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import { DEFAULT_CONFIG_DIR, EnvironmentConfigSchema, environmentProgram, typeCheckEnvironmentFiles, type EnvironmentConfig } from '../../../config';
import type { Assert, SameType } from '../../../config/schema';
import { scratchConfigDir } from '../../helpers/environments';

// Compile-time half: `tsc --noEmit -p tsconfig.json` (npm test runs it alongside jest) checks these lines.
// config/schema.ts asserts that the plain interfaces and the schema's Static type are the same;
// here, each kind of drift it must catch, built on a flattened copy so only the drift differs.
type Schema = Static<typeof EnvironmentConfigSchema>;
type Flat<T> = { [K in keyof T]: T[K] };
type Payments = EnvironmentConfig['payments'];
type Infrastructure = EnvironmentConfig['infrastructure'];
export type Control = Assert<SameType<Flat<EnvironmentConfig>, Schema>>;
// @ts-expect-error an optional field the schema does not know
export type ExtraOptionalField = Assert<SameType<Flat<EnvironmentConfig & { extra?: string }>, Schema>>;
// @ts-expect-error a 3DS policy the schema refuses
export type WiderLiteral = Assert<SameType<Flat<Omit<EnvironmentConfig, 'payments'> & { payments: Flat<Omit<Payments, 'threeDSecure'> & { threeDSecure: Payments['threeDSecure'] | 'sometimes' }> }>, Schema>>;
// @ts-expect-error a required field made optional
export type MadeOptional = Assert<SameType<Flat<Omit<EnvironmentConfig, 'infrastructure'> & { infrastructure: Flat<Omit<Infrastructure, 'region'> & { region?: string }> }>, Schema>>;

describe('the type-check of environment files', () => {
  const samples = ['development', 'staging', 'production'].map((name) => path.join(DEFAULT_CONFIG_DIR, `${name}.ts`));

  test('builds a program of the environment files, their interfaces and the ES2022 library, nothing else', () => {
    const own = new Set([...samples, path.resolve(DEFAULT_CONFIG_DIR, '..', 'define.ts'), path.resolve(DEFAULT_CONFIG_DIR, '..', 'types.ts')]);
    const others = environmentProgram(samples)
      .getSourceFiles()
      .map((file) => path.resolve(file.fileName))
      .filter((file) => !own.has(file) && !/\/typescript\/lib\/lib\.(es5|es20\d\d(\.\w+)*|decorators(\.legacy)?)\.d\.ts$/.test(file));
    expect(others).toEqual([]);
  });

  test('the sample environments type-check', () => {
    expect(typeCheckEnvironmentFiles(samples)).toEqual([]);
  });

  test.each([
    ['a misspelt field', "captureMethod: 'automatic'", "captureMode: 'automatic'", /staging\.ts:\d+:\d+ - TS2561: Object literal may only specify known properties, but 'captureMode' does not exist/],
    ['a wrong literal', "mode: 'test'", "mode: 'sandbox'", /staging\.ts:\d+:\d+ - TS2322: Type '"sandbox"' is not assignable to type '"test" \| "live"'/],
  ])('reports %s with file, line and column', (_, from, to, message) => {
    const scratch = scratchConfigDir();
    try {
      scratch.edit('staging', from, to);
      expect(typeCheckEnvironmentFiles([path.join(scratch.dir, 'staging.ts')]).join('\n')).toMatch(message);
    } finally {
      scratch.remove();
    }
  });
});
