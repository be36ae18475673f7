import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspectEnvironments, listEnvironments, loadEnvironment, loadEnvironments, locateEnvironment, selectEnvironments } from '../../../config';
import { StripeConfigError } from '../../../runtime';
import { scratchConfigDir } from '../../helpers/environments';

describe('loading environment files', () => {
  let scratch: ReturnType<typeof scratchConfigDir>;
  beforeEach(() => (scratch = scratchConfigDir()));
  afterEach(() => scratch.remove());

  test('lists the environments in the folder', () => {
    expect(listEnvironments(scratch.dir)).toEqual(['development', 'production', 'staging']);
  });

  test('a TypeScript error is reported with file, line and message, not a stack trace', () => {
    scratch.edit('staging', "threeDSecure: 'automatic'", "threeDSecure: 'sometimes'");
    const [report] = inspectEnvironments(['staging'], { configDir: scratch.dir });
    expect(report.validated).toBeUndefined();
    expect(report.typeErrors.join('\n')).toMatch(/staging\.ts:\d+:\d+ - TS2322: Type '"sometimes"' is not assignable/);
    expect(() => loadEnvironment('staging', { configDir: scratch.dir })).toThrow(expect.objectContaining({ code: 'config_type_error' }));
  });

  test('a value the types allow but the rules refuse is a config error naming the field', () => {
    scratch.edit('production', "returnUrl: 'https://shop.example.com/checkout/return'", "returnUrl: 'http://shop.example.com/checkout/return'");
    let error: unknown;
    try {
      loadEnvironment('production', { configDir: scratch.dir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StripeConfigError);
    expect((error as StripeConfigError).code).toBe('config_invalid');
    expect((error as Error).message).toMatch(/\/payments\/returnUrl: must use https/);
  });

  test('an unknown environment names the known ones', () => {
    expect(() => loadEnvironment('prod', { configDir: scratch.dir })).toThrow(
      expect.objectContaining({ code: 'config_not_found', hint: 'Known environments: development, production, staging' }),
    );
  });

  test('a file that throws while evaluating is reported as a config error', () => {
    scratch.write('development', "import { defineEnvironment } from '../define';\nthrow new Error('boom');\n");
    expect(() => loadEnvironment('development', { configDir: scratch.dir })).toThrow(StripeConfigError);
  });

  test.each([
    ['an empty folder', (dir: string) => mkdirSync(path.join(dir, 'empty')), 'empty', /^no environments in .*empty$/],
    ['a missing folder', () => undefined, 'missing', /^no environments in .*missing \(no such folder\)$/],
    ['a file instead of a folder', (dir: string) => writeFileSync(path.join(dir, 'file'), ''), 'file', /^no environments in .*file \(not a folder\)$/],
  ])('%s holds no environments: an error naming it, not an empty success', (_name, make, name, message) => {
    make(scratch.dir);
    const dir = path.join(scratch.dir, name);
    expect(() => selectEnvironments([], dir)).toThrow(expect.objectContaining({ code: 'config_not_found', message: expect.stringMatching(message) }));
  });

  test('a relative config folder is read from the working directory', () => {
    const relative = path.relative(process.cwd(), scratch.dir);
    expect(path.isAbsolute(relative)).toBe(false);
    const names = selectEnvironments([], relative);
    expect(names).toEqual(['development', 'production', 'staging']);
    expect(loadEnvironments(['staging'], { configDir: relative })[0]!.rendered.document.environment).toBe('staging');
    expect(locateEnvironment('staging', { configDir: relative }).configSecretId).toBe('stripe-config/staging/config');
  });

  test.each(['../staging', 'Upper_Env', '/etc/passwd', 'staging.ts', ''])('the name %j is a usage error naming the rule', (name) => {
    const expected = expect.objectContaining({ code: 'usage', message: expect.stringContaining('is not an environment name: it must match ^[a-z][a-z0-9-]{0,31}$') });
    expect(() => inspectEnvironments([name], { configDir: scratch.dir })).toThrow(expected);
    expect(() => loadEnvironment(name, { configDir: scratch.dir })).toThrow(expected);
    expect(() => locateEnvironment(name, { configDir: scratch.dir })).toThrow(expected);
  });

  test('a file in the folder whose name breaks the rule is reported, not loaded', () => {
    // Evaluating this file would throw; a report instead of that error shows it was never loaded.
    scratch.write('Upper_Env', "throw new Error('evaluated');\n");
    const names = selectEnvironments([], scratch.dir);
    expect(names).toContain('Upper_Env');
    const report = inspectEnvironments(names, { configDir: scratch.dir }).find((each) => each.environment === 'Upper_Env')!;
    expect(report.validated).toBeUndefined();
    expect(report.problems).toEqual([{ path: '/environment', message: expect.stringMatching(/^"Upper_Env" is not an environment name/) }]);
    expect(() => loadEnvironments(names, { configDir: scratch.dir })).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('Upper_Env') }));
  });
});
