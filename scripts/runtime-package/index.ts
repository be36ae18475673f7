/**
 * The runtime as a package a checkout service installs: build it (`npm run build:runtime`), pack
 * it, and install the tarball into a project as a shop would. Used by the build script, the
 * package test (test/slow/runtime/package.test.ts) and the size benchmark (bench/runtime-package.ts).
 */
export { buildRuntimePackage, DEFAULT_RUNTIME_PACKAGE_DIR, RUNTIME_DEPENDENCIES, runtimeDependencies, type RuntimePackage } from './build';
export { externalImportsOf, type ExternalImport } from './externals';
export { installPackedRuntime, packRuntimePackage, type PackedRuntime } from './shop';
export { packedRepositoryRuntime, type CachedRuntimePackage } from './cached';
