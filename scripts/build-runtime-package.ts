/**
 * `npm run build:runtime`: builds the runtime package into dist/runtime-package/ (`--pack`: and
 * packs it into dist/, the tarball a shop installs with `npm install ./stripe-config-<version>.tgz`).
 */
import path from 'node:path';
import { buildRuntimePackage, packRuntimePackage } from './runtime-package';

async function main(): Promise<void> {
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
