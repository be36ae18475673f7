/**
 * Installing the runtime a checkout service declares: a real older release (the fixture tarball,
 * schema version 1 only), installed offline into the cache, reused, loaded with its own
 * dependencies, and asked whether it takes a document (slow: npm runs).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPOSITORY_RUNTIME, refusalOf } from '../../../checks';
import { validateEnvironmentValue } from '../../../config';
import { installDeclaredRuntime, loadInstalledRuntime } from '../../../ops/checkout-runtimes';
import { sampleConfig } from '../../helpers/environments';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'runtimes');
const OLD_TARBALL = { tarball: 'stripe-config-0.1.0-main.9198eff.tgz' };

/** The staging sample rendered in schema version 1 (with a suffix) and 2 (without one). */
function documents(): { v1: string; v2: string } {
  const config: any = sampleConfig('staging');
  const v1 = validateEnvironmentValue('staging', config).validated!.rendered.json;
  delete config.payments.statementDescriptorSuffix;
  const v2 = validateEnvironmentValue('staging', config).validated!.rendered.json;
  return { v1, v2 };
}

describe('checkout runtimes declared by environments', () => {
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = mkdtempSync(path.join(tmpdir(), 'runtimes-'));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  test('a tarball is installed once under <version>+sha256.<hash> and reused by the next run', async () => {
    const first = await installDeclaredRuntime(OLD_TARBALL, { cacheDir, baseDir: FIXTURES });
    expect(first).toMatchObject({ version: '0.1.0-main.9198eff', origin: 'tarball stripe-config-0.1.0-main.9198eff.tgz', installedNow: true });
    expect(path.basename(first.dir)).toMatch(/^0\.1\.0-main\.9198eff\+sha256\.[0-9a-f]{12}$/);
    const started = Date.now();
    const again = await installDeclaredRuntime(OLD_TARBALL, { cacheDir, baseDir: FIXTURES });
    expect(again).toEqual({ ...first, installedNow: false });
    expect(Date.now() - started).toBeLessThan(1_000);
    // Nothing half-installed is left beside it.
    expect(readdirSync(cacheDir)).toEqual([path.basename(first.dir)]);
    // Only the runtime's own dependencies: none of the tool's.
    expect(readdirSync(path.join(first.dir, 'node_modules'))).not.toEqual(expect.arrayContaining(['cdktf']));
  }, 180_000);

  test('the older release refuses a schema version 2 document while the repository runtime takes it', async () => {
    const installed = await installDeclaredRuntime(OLD_TARBALL, { cacheDir, baseDir: FIXTURES });
    const old = loadInstalledRuntime(installed);
    const { v1, v2 } = documents();
    expect(old.version).toBe('0.1.0-main.9198eff');
    expect(await refusalOf(old, v2, v1)).toBe('schema version 2 is newer than this runtime understands (1); upgrade stripe-config/runtime to a release that understands it');
    // With nothing live, its start-up error says the same.
    expect(await refusalOf(old, v2)).toBe('schema version 2 is newer than this runtime understands (1); upgrade stripe-config/runtime to a release that understands it');
    expect(await refusalOf(old, v1, v1)).toBeUndefined();
    expect(await refusalOf(REPOSITORY_RUNTIME, v2, v1)).toBeUndefined();
  }, 180_000);

  test('a tarball that is not there is a config error naming the field', async () => {
    await expect(installDeclaredRuntime({ tarball: 'missing.tgz' }, { cacheDir, baseDir: FIXTURES })).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/^\/checkout\/runtime\/tarball: cannot read .*missing\.tgz \(ENOENT\)/),
    });
  });

  test('a lockfile that does not install stripe-config is a config error naming the field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shop-'));
    try {
      writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'shop' }, 'node_modules/stripe': { version: '23.1.0' } } }));
      await expect(installDeclaredRuntime({ lockfile: 'package-lock.json' }, { cacheDir, baseDir: dir })).rejects.toMatchObject({
        code: 'config_invalid',
        message: '/checkout/runtime/lockfile: package-lock.json does not install stripe-config (no node_modules/stripe-config in it)',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
