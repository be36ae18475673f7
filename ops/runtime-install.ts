/**
 * Packs the runtime package and installs the tarball into a project the way a shop's service
 * would, offline: `npm install --offline --omit=dev --no-audit --no-fund <tarball>`. The gate
 * installs a checkout service's declared runtime with it too (ops/checkout-runtimes.ts); the build
 * script, the package test and the benchmark use it through scripts/runtime-package.
 *
 * Offline needs one thing prepared. `npm ci` (what CI and `scripts/bootstrap.sh` run) fills npm's
 * cache with tarballs, keyed by their integrity, but not with the registry's metadata documents
 * that `npm install` reads to turn a version into a tarball, so `--offline` alone fails with
 * ENOTCACHED on the first dependency. The project therefore starts with a package-lock.json that
 * holds the runtime's dependency tree as the repository's own lockfile resolved it (the same
 * versions and integrities the tool's tests ran with): npm then resolves nothing and takes every
 * tarball from the cache. A shop online gets the same tree from the registry.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const NPM_TIMEOUT_MS = 120_000;
const run = promisify(execFile);

export interface PackedRuntime {
  tarball: string;
  /** Bytes of the .tgz. */
  size: number;
  /** Bytes of the files inside it. */
  unpackedSize: number;
  /** Paths inside the package. */
  files: string[];
}

/** `npm pack <packageDir>` into `destination`. */
export async function packRuntimePackage(packageDir: string, destination: string): Promise<PackedRuntime> {
  mkdirSync(destination, { recursive: true });
  const { stdout } = await npm(['pack', packageDir, '--pack-destination', destination, '--json'], destination);
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  return { tarball: path.join(destination, packed.filename), size: packed.size, unpackedSize: packed.unpackedSize, files: packed.files.map((file) => file.path).sort() };
}

/**
 * Makes `projectDir` an empty project (package.json, and the lockfile seeded as explained above)
 * and installs the tarball into it with production dependencies only.
 */
export async function installPackedRuntime(options: { tarball: string; projectDir: string; dependencies: Record<string, string> }): Promise<void> {
  const { projectDir } = options;
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(path.join(projectDir, 'package.json'), `${JSON.stringify({ name: 'shop', version: '1.0.0', private: true }, null, 2)}\n`);
  // A tarball whose dependencies are not the versions this repository pins (another release's)
  // cannot be seeded: npm resolves them from the registry instead.
  const seeded = seedableLockfile(options.dependencies);
  if (seeded) writeFileSync(path.join(projectDir, 'package-lock.json'), `${JSON.stringify(seeded, null, 2)}\n`);
  await npm(['install', ...(seeded ? ['--offline'] : []), '--omit=dev', '--no-audit', '--no-fund', options.tarball], projectDir);
}

/** Installs `stripe-config@<version>` from the npm registry into `projectDir`, production dependencies only. */
export async function installPublishedRuntime(options: { version: string; projectDir: string }): Promise<void> {
  mkdirSync(options.projectDir, { recursive: true });
  writeFileSync(path.join(options.projectDir, 'package.json'), `${JSON.stringify({ name: 'shop', version: '1.0.0', private: true }, null, 2)}\n`);
  await npm(['install', '--prefer-offline', '--omit=dev', '--no-audit', '--no-fund', `stripe-config@${options.version}`], options.projectDir);
}

/** The newest published version of `stripe-config` in `range` (`npm view`), or undefined when none matches. */
export async function newestPublishedVersion(range: string, cwd: string): Promise<string | undefined> {
  const { stdout } = await npm(['view', `stripe-config@${range}`, 'version', '--json'], cwd);
  if (!stdout.trim()) return undefined;
  const found = JSON.parse(stdout) as string | string[];
  return Array.isArray(found) ? found.at(-1) : found;
}

function seedableLockfile(dependencies: Record<string, string>): ReturnType<typeof seededLockfile> | undefined {
  try {
    return seededLockfile(dependencies);
  } catch (error) {
    if (error instanceof LockfileMismatch) return undefined;
    throw error;
  }
}

/** The repository's lockfile holds other versions than the runtime pins. */
class LockfileMismatch extends Error {}

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** The repository lockfile's entries for `dependencies` and everything they need, as a new project's lockfile. */
function seededLockfile(dependencies: Record<string, string>) {
  const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const entries = lock.packages;
  const wanted = new Map<string, LockEntry>();
  const queue = Object.entries(dependencies).map(([name, version]) => {
    const key = `node_modules/${name}`;
    if (entries[key]?.version !== version) throw new LockfileMismatch(`package-lock.json has ${name}@${entries[key]?.version ?? 'nothing'} where the runtime pins ${version}`);
    return key;
  });
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    if (wanted.has(key)) continue;
    // Flags describe the tool's tree (dev, peer…); npm works them out again for the shop's.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = entries[key];
    wanted.set(key, entry);
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = resolveInLockfile(entries, key, name);
      if (found) queue.push(found);
      else if (!entry.optionalDependencies?.[name]) throw new Error(`package-lock.json does not resolve ${name}, needed by ${key}`);
    }
  }
  const packages: Record<string, LockEntry> = { '': { name: 'shop', version: '1.0.0' } };
  for (const key of [...wanted.keys()].sort()) packages[key] = wanted.get(key)!;
  return { name: 'shop', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

/** Node's lookup, on lockfile paths: `<from>/node_modules/<name>`, then each enclosing node_modules up to the root. */
function resolveInLockfile(entries: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (entries[candidate]) return candidate;
    if (dir === '') return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent < 0 ? '' : dir.slice(0, parent);
  }
}

async function npm(args: string[], cwd: string): Promise<{ stdout: string }> {
  try {
    return await run('npm', args, { cwd, timeout: NPM_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    const output = stderr?.trim() || message;
    // ENOTCACHED: a tarball of the runtime's tree is not in npm's cache (say, after `npm cache clean`).
    const hint = output.includes('ENOTCACHED') ? '\nRun `npm ci` in the repository first: it puts every dependency tarball in npm\'s cache.' : '';
    throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed: ${output}${hint}`);
  }
}
