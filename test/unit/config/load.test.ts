import { inspectEnvironments, listEnvironments, loadEnvironment } from '../../../config';
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
});
