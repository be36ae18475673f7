/**
 * `npm run build:runtime`: builds the runtime package into dist/runtime-package/ (`--pack`: and
 * packs it into dist/, the tarball a shop installs with `npm install ./stripe-config-<version>.tgz`).
 * `--shop`: instead, installs the packed runtime for examples/shop (its node_modules), which the
 * type-check and the loopback shop need; scripts/bootstrap.sh runs it.
 */
import path from 'node:path';
import { installExampleShopRuntime } from '../ops/example-shop';
import { buildRuntimePackage, packRuntimePackage } from './runtime-package';

async function main(): Promise<void> {
  if (process.argv.includes('--shop')) {
    const shop = await installExampleShopRuntime();
    console.log(`examples/shop/node_modules: stripe-config@${shop.version} ${shop.installedNow ? 'installed' : 'already installed'} from the packed repository runtime (${path.relative(process.cwd(), shop.dir)})`);
    return;
  }
  const built = buildRuntimePackage();
  console.log(`built ${built.name}@${built.version} (stripe-config/runtime) in ${path.relative(process.cwd(), built.dir)}`);
  console.log(`  dependencies: ${Object.entries(built.dependencies).map(([name, version]) => `${name}@${version}`).join(', ')}`);
  if (process.argv.includes('--pack')) {
    const packed = await packRuntimePackage(built.dir, path.dirname(built.dir));
    console.log(`packed ${path.relative(process.cwd(), packed.tarball)}: ${packed.files.length} files, ${(packed.size / 1024).toFixed(1)} KiB`);
  }
}

main().catch((error: unknown) => {
  console.error(`build:runtime failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
