/**
 * The repository's runtime, built and packed once per content: the tarball is kept under
 * `.stripe-config/runtime-package/<sha256 of the inputs>/` and reused until `runtime/`, the build
 * or the pinned dependencies change, so tests and the example shop install the packaged runtime
 * without paying for tsc (tens of seconds on a busy machine) each time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { packRuntimePackage } from './shop';

// Loaded on a miss only: the build brings the TypeScript compiler (seconds to load on a busy machine),
// which a hit (every gate after the first on this content) never needs.
const build = () => require('./build') as typeof import('./build');

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** What the package is made from: a change to any of them is another package. */
const INPUTS = ['runtime', 'scripts/runtime-package', 'tsconfig.json', 'tsconfig.runtime.json', 'package.json', 'package-lock.json'];

export interface CachedRuntimePackage {
  tarball: string;
  /** sha256 of the inputs (hex). */
  contentHash: string;
  /** False when an earlier run had packed the same content. */
  packedNow: boolean;
}

export async function packedRepositoryRuntime(options: { cacheDir?: string } = {}): Promise<CachedRuntimePackage> {
  const cacheDir = options.cacheDir ?? path.join(process.env.STRIPE_CONFIG_HOME ?? path.join(PROJECT_ROOT, '.stripe-config'), 'runtime-package');
  const contentHash = hashInputs();
  const dir = path.join(cacheDir, contentHash);
  const cached = tarballIn(dir);
  if (cached) return { tarball: cached, contentHash, packedNow: false };
  const scratch = path.join(cacheDir, `.packing-${randomUUID()}`);
  try {
    const built = build().buildRuntimePackage({ outDir: path.join(scratch, 'package') });
    const packed = await packRuntimePackage(built.dir, path.join(scratch, 'tarball'));
    mkdirSync(cacheDir, { recursive: true });
    try {
      renameSync(path.join(scratch, 'tarball'), dir);
    } catch (error) {
      // Packed meanwhile by another run: the same content, so the same package.
      if (!tarballIn(dir)) throw error;
    }
    return { tarball: path.join(dir, path.basename(packed.tarball)), contentHash, packedNow: true };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function tarballIn(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((file) => file.endsWith('.tgz'));
  return name && path.join(dir, name);
}

function hashInputs(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of filesOf(path.join(PROJECT_ROOT, input))) {
      hash.update(path.relative(PROJECT_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

function filesOf(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry, { withFileTypes: true, recursive: true })
    .filter((found) => found.isFile())
    .map((found) => path.join(found.parentPath, found.name))
    .sort();
}
