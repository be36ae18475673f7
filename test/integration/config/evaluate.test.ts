import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspectEnvironments, loadEnvironment, locateEnvironment } from '../../../config';
import { scratchConfigDir } from '../../helpers/environments';

// Fake key material planted in this process's environment, as a CI job or an on-call laptop holds it.
const PLANTED = {
  STRIPE_CONFIG_KEY_SET_PRODUCTION_2026_11: '{"secretKey":"sk_live_PLANTEDfake0000000000000000","webhookSigningSecret":"whsec_PLANTEDfake"}',
  AWS_ACCESS_KEY_ID: 'AKIAPLANTEDFAKE00000',
  AWS_SECRET_ACCESS_KEY: 'PLANTEDfakeAwsSecretAccessKey0000000000',
  AWS_SESSION_TOKEN: 'PLANTEDfakeSessionToken',
};

describe('environment files are evaluated in a child process without secrets', () => {
  let scratch: ReturnType<typeof scratchConfigDir>;
  const saved = { ...process.env };
  beforeEach(() => {
    scratch = scratchConfigDir();
    Object.assign(process.env, PLANTED);
  });
  afterEach(() => {
    process.env = { ...saved };
    scratch.remove();
  });

  test('a config file that reads process.env finds none of the planted keys', () => {
    const dump = path.join(scratch.dir, '..', 'env-dump.json');
    // What a careless or hostile config file would do: read the whole environment and write it out.
    scratch.edit(
      'production',
      'export default defineEnvironment({',
      `const seen = JSON.stringify((globalThis as any).process.env);\n(globalThis as any).require?.('node:fs');\nrequire('node:fs').writeFileSync(${JSON.stringify(dump)}, seen);\nexport default defineEnvironment({`,
    );
    scratch.edit('production', "tags: { environment: 'production', owner: 'payments' }", "tags: { environment: 'production', owner: 'payments', seen: Object.keys((globalThis as any).process.env).join(' ').slice(0, 250) }");
    const [report] = inspectEnvironments(['production'], { configDir: scratch.dir });
    const seen = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>;
    expect(seen.PATH).toBe(process.env.PATH); // it ran, with what Node needs
    for (const [name, value] of Object.entries(PLANTED)) {
      expect(seen).not.toHaveProperty(name);
      expect(JSON.stringify(seen)).not.toContain(value);
    }
    expect(Object.keys(seen).filter((name) => name.startsWith('AWS_') || name.startsWith('STRIPE_CONFIG_'))).toEqual([]);
    // `require` is not in the environment files' types: the file is reported, evaluated all the same.
    expect(report.typeErrors.join('\n')).toMatch(/Cannot find name 'require'/);
  });

  test('a file that ends the process is reported as a config error naming the file', () => {
    scratch.write('staging', "(globalThis as any).process.exit(0);\nexport default {};\n");
    expect(() => loadEnvironment('staging', { configDir: scratch.dir })).toThrow(
      expect.objectContaining({ code: 'config_type_error', message: expect.stringMatching(/^Could not evaluate .*staging\.ts: its evaluation ended with exit code 0 before it returned a config/) }),
    );
    expect(() => locateEnvironment('staging', { configDir: scratch.dir })).toThrow(expect.objectContaining({ code: 'config_type_error' }));
  });

  test('a file that exports a function instead of data is reported, not half-read', () => {
    scratch.write('development', "export default function config() { return {}; }\n");
    expect(() => loadEnvironment('development', { configDir: scratch.dir })).toThrow(
      expect.objectContaining({ code: 'config_type_error', message: expect.stringMatching(/development\.ts: exports something that is not plain data/) }),
    );
  });

});
