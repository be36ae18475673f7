/**
 * The example shop (examples/shop) imports `stripe-config/runtime` from its own `node_modules`, as
 * a team's checkout service does. This puts the repository's runtime there *as a package*: built and
 * packed once per content hash (`packedRepositoryRuntime`, scripts/runtime-package/cached.ts), the
 * tarball installed with production dependencies only, as a service installs it
 * (`installDeclaredRuntime`, the cache the skew check uses), and `examples/shop/node_modules` made a
 * link to that install. The loopback shop of the checks therefore runs the bytes a team installs,
 * never `runtime/` source (docs/ARCHITECTURE.md, "The example shop runs the packaged runtime").
 *
 * The install is keyed by the repository, not by $STRIPE_CONFIG_HOME: the link lives in the
 * repository's examples/shop, so what it points at lives in the repository's own `.stripe-config/`.
 */
import { randomUUID } from 'node:crypto';
import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE_SHOP_DIR } from '../checks';
import { installDeclaredRuntime } from './checkout-runtimes';
import { OpsError } from './errors';
import { PROJECT_ROOT } from './workspace';

export interface ExampleShopRuntime {
  /** The installed package's version (the repository's package.json). */
  version: string;
  /** The project folder the tarball is installed in; examples/shop/node_modules links to its node_modules. */
  dir: string;
  /** False when the tarball was packed and installed by an earlier run. */
  installedNow: boolean;
}

const CACHE = path.join(PROJECT_ROOT, '.stripe-config');

// Loaded when needed, not at the top: packing needs the TypeScript compiler, which commands without a
// loopback shop never load. `require`, as cli/main.ts loads lazily: tsx's CommonJS hook compiles it,
// where a dynamic `import()` of a folder would go to Node's ES module loader and fail.
const runtimePackage = () => require('../scripts/runtime-package/cached') as typeof import('../scripts/runtime-package/cached');

let installing: Promise<ExampleShopRuntime> | undefined;

/** Installs the packaged repository runtime for examples/shop unless it is there already; once per process. */
export function installExampleShopRuntime(): Promise<ExampleShopRuntime> {
  installing ??= install().catch((error: unknown) => {
    installing = undefined;
    throw error;
  });
  return installing;
}

async function install(): Promise<ExampleShopRuntime> {
  const { packedRepositoryRuntime } = runtimePackage();
  const packed = await packedRepositoryRuntime({ cacheDir: path.join(CACHE, 'runtime-package') });
  const installed = await installDeclaredRuntime({ tarball: packed.tarball }, { cacheDir: path.join(CACHE, 'example-shop'), baseDir: PROJECT_ROOT });
  linkNodeModules(path.join(installed.dir, 'node_modules'));
  return { version: installed.version, dir: installed.dir, installedNow: installed.installedNow };
}

/**
 * Points examples/shop/node_modules at `target`. A new link is made beside it and renamed over the
 * old one: rename(2) replaces a link atomically, so a concurrent run sees the old install or the
 * new one, never none.
 */
function linkNodeModules(target: string): void {
  const link = path.join(EXAMPLE_SHOP_DIR, 'node_modules');
  const relative = path.relative(EXAMPLE_SHOP_DIR, target);
  const existing = linkOf(link);
  if (existing === relative) return;
  if (existing === undefined && exists(link)) {
    throw new OpsError(
      'checks_failed',
      `${path.relative(PROJECT_ROOT, link)} is a folder, not the link to the packaged runtime stripe-config keeps there`,
      'Remove it (rm -r examples/shop/node_modules): the checks install the repository runtime for the example shop themselves.',
    );
  }
  mkdirSync(EXAMPLE_SHOP_DIR, { recursive: true });
  const fresh = `${link}.${randomUUID()}`;
  try {
    symlinkSync(relative, fresh, 'dir');
    renameSync(fresh, link);
  } finally {
    rmSync(fresh, { force: true });
  }
}

function linkOf(file: string): string | undefined {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
