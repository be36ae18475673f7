/**
 * The runtimes checkout services declare (`checkout.runtime`), installed as such a service has
 * them and reused between runs: `.stripe-config/runtimes/<version>` for a published release (a
 * range, or the version a lockfile pins), `<version>+sha256.<first 12 hex>` for a tarball (two
 * tarballs may claim one version). An install goes to a scratch folder first and is renamed into
 * place whole, so a crashed or concurrent install never leaves a half-installed runtime to reuse.
 */
import { createHash, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkoutRuntimeOf, type CheckoutRuntime } from '../checks';
import { ConfigError, type CheckoutRuntimeDeclaration } from '../config';
import { OpsError } from './errors';
import { installPackedRuntime, installPublishedRuntime, newestPublishedVersion } from './runtime-install';

const FIELD = '/checkout/runtime';
const run = promisify(execFile);

export interface InstalledRuntime {
  version: string;
  /** The declaration, in words, e.g. "tarball vendor/stripe-config-1.0.0.tgz". */
  origin: string;
  /** The project folder it is installed in (node_modules/stripe-config inside). */
  dir: string;
  /** False when an earlier run had installed it already. */
  installedNow: boolean;
}

export interface RuntimeCacheOptions {
  /** `.stripe-config/runtimes` (Workspace.runtimes). */
  cacheDir: string;
  /** Where relative paths of the declaration start: the directory stripe-config runs in. */
  baseDir: string;
}

/** Installs the declared runtime into the cache unless it is there already. */
export async function installDeclaredRuntime(declaration: CheckoutRuntimeDeclaration, options: RuntimeCacheOptions): Promise<InstalledRuntime> {
  if (typeof declaration === 'object' && 'tarball' in declaration) {
    const tarball = path.resolve(options.baseDir, declaration.tarball);
    const origin = `tarball ${declaration.tarball}`;
    const bytes = readDeclaredFile(tarball, `${FIELD}/tarball`);
    const manifest = await manifestInTarball(tarball);
    const key = `${manifest.version}+sha256.${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
    return inCache(options.cacheDir, key, manifest.version, origin, (dir) => installPackedRuntime({ tarball, projectDir: dir, dependencies: manifest.dependencies ?? {} }));
  }
  const { version, origin } =
    typeof declaration === 'string'
      ? { version: await publishedVersionFor(declaration, options.baseDir), origin: `stripe-config@${declaration}` }
      : { version: versionInLockfile(path.resolve(options.baseDir, declaration.lockfile), declaration.lockfile), origin: `lockfile ${declaration.lockfile}` };
  return inCache(options.cacheDir, version, version, origin, (dir) => installPublishedRuntime({ version, projectDir: dir }));
}

/** The installed runtime's `stripe-config/runtime`, loaded with Node's own resolution from its folder (its own stripe-node, ajv…). */
export function loadInstalledRuntime(installed: InstalledRuntime): CheckoutRuntime {
  const requireThere = createRequire(path.join(installed.dir, 'package.json'));
  return checkoutRuntimeOf(requireThere('stripe-config/runtime') as Record<string, unknown>, installed.version, installed.origin);
}

async function inCache(cacheDir: string, key: string, version: string, origin: string, install: (dir: string) => Promise<void>): Promise<InstalledRuntime> {
  const dir = path.join(cacheDir, key);
  if (isInstalled(dir)) return { version, origin, dir, installedNow: false };
  const scratch = path.join(cacheDir, `.installing-${key}-${randomUUID()}`);
  try {
    await install(scratch).catch((error: Error) => {
      throw new OpsError('checks_failed', `could not install stripe-config runtime ${version} (${origin}, ${FIELD}): ${error.message}`, 'The gate runs the journeys with the runtime the checkout service declares; without it the check cannot run.');
    });
    const installedVersion = (JSON.parse(readFileSync(path.join(scratch, 'node_modules', 'stripe-config', 'package.json'), 'utf8')) as { version: string }).version;
    if (installedVersion !== version) throw new OpsError('checks_failed', `installing stripe-config ${version} (${origin}) gave ${installedVersion}`);
    writeFileSync(path.join(scratch, INSTALLED_MARK), `${JSON.stringify({ version, origin }, null, 2)}\n`);
    try {
      renameSync(scratch, dir);
    } catch (error) {
      // Another run installed the same key meanwhile: theirs is as good as ours.
      if (!isInstalled(dir)) throw error;
    }
    return { version, origin, dir, installedNow: true };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Written last, so a folder without it is not an install to trust. */
const INSTALLED_MARK = 'stripe-config-runtime.json';

function isInstalled(dir: string): boolean {
  return existsSync(path.join(dir, INSTALLED_MARK));
}

function readDeclaredFile(file: string, field: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError('config_invalid', `${field}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'Paths in checkout.runtime are relative to the directory stripe-config runs in.');
  }
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

/** The package.json inside a packed tarball (npm puts the package under package/). */
async function manifestInTarball(tarball: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json'], { maxBuffer: 1024 * 1024 });
    manifest = JSON.parse(stdout) as Manifest;
  } catch (error) {
    throw new ConfigError('config_invalid', `${FIELD}/tarball: ${tarball} is not an npm package tarball (${(error as Error).message.split('\n')[0]})`);
  }
  if (manifest.name !== 'stripe-config') {
    throw new ConfigError('config_invalid', `${FIELD}/tarball: ${tarball} is the package ${manifest.name}@${manifest.version}, not stripe-config`);
  }
  return manifest;
}

/** The version of stripe-config the checkout service's lockfile pins (lockfileVersion 1 to 3). */
function versionInLockfile(file: string, declared: string): string {
  const field = `${FIELD}/lockfile`;
  let lock: { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
  try {
    lock = JSON.parse(readDeclaredFile(file, field).toString('utf8'));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('config_invalid', `${field}: ${declared} is not JSON (${(error as Error).message})`);
  }
  const version = lock.packages?.['node_modules/stripe-config']?.version ?? lock.dependencies?.['stripe-config']?.version;
  if (!version) throw new ConfigError('config_invalid', `${field}: ${declared} does not install stripe-config (no node_modules/stripe-config in it)`, 'Name the lockfile of the checkout service that imports stripe-config/runtime.');
  return version;
}

async function publishedVersionFor(range: string, cwd: string): Promise<string> {
  if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(range)) return range;
  const version = await newestPublishedVersion(range, cwd).catch((error: Error) => {
    throw new OpsError('checks_failed', `could not ask the npm registry for stripe-config@${range} (${FIELD}): ${error.message}`);
  });
  if (!version) throw new ConfigError('config_invalid', `${FIELD}: no published stripe-config matches ${range}`);
  return version;
}
