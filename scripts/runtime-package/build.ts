/**
 * Builds `runtime/` as the package a checkout service installs: `stripe-config`, exporting
 * `stripe-config/runtime` for `require` and `import`, with type declarations, and depending on
 * only what the runtime imports at run time (docs/ARCHITECTURE.md, "The runtime as a package").
 *
 * tsc (tsconfig.runtime.json) emits CommonJS and declarations; the ES module entry is generated
 * next to them and re-exports the CommonJS build's named exports, so both import forms share one
 * instance of the runtime. The repository's own package (the tool) is not touched.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { externalImportsOf, type ExternalImport } from './externals';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * What the runtime may import at run time: the Stripe SDK, the Secrets Manager client and the
 * schema validator (docs/ARCHITECTURE.md, "Import rules": `runtime/` imports nothing of ours).
 * Anything else in the built files fails the build, so the tool's dependencies (cdktf, Playwright,
 * the TypeScript compiler, commander…) can never leak into a checkout service.
 */
export const RUNTIME_DEPENDENCIES = ['stripe', '@aws-sdk/client-secrets-manager', 'ajv', 'ajv-formats', '@sinclair/typebox'] as const;

/** Declaration references a TypeScript consumer resolves itself: a Node service has @types/node. */
const CONSUMER_TYPES = ['node'];

export const DEFAULT_RUNTIME_PACKAGE_DIR = path.join(PROJECT_ROOT, 'dist', 'runtime-package');

export interface RuntimePackage {
  /** The package directory (`npm pack` it). */
  dir: string;
  name: string;
  version: string;
  /** Exactly the versions the repository pins. */
  dependencies: Record<string, string>;
  /** The runtime's value exports, as the ES module entry re-exports them. */
  exports: string[];
}

export function buildRuntimePackage(options: { outDir?: string } = {}): RuntimePackage {
  const dir = path.resolve(options.outDir ?? DEFAULT_RUNTIME_PACKAGE_DIR);
  rmSync(dir, { recursive: true, force: true });
  const program = compile(dir);
  const exportNames = valueExportsOf(program, path.join(PROJECT_ROOT, 'runtime', 'index.ts'));
  writeModuleEntry(path.join(dir, 'runtime'), exportNames);

  const tool = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as ToolManifest;
  const dependencies = runtimeDependencies(externalImportsOf(dir), tool.dependencies);
  const manifest = packageManifest(tool, dependencies);
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(path.join(PROJECT_ROOT, 'runtime', 'README.md'), path.join(dir, 'README.md'));
  return { dir, name: manifest.name, version: manifest.version, dependencies, exports: exportNames };
}

function compile(outDir: string): ts.Program {
  const configFile = path.join(PROJECT_ROOT, 'tsconfig.runtime.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { outDir }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(formatDiagnostics([diagnostic]));
    },
  });
  if (!parsed) throw new Error(`could not read ${configFile}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, configFileParsingDiagnostics: parsed.errors });
  mkdirSync(outDir, { recursive: true });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0 || emitted.emitSkipped) throw new Error(`tsc -p tsconfig.runtime.json failed:\n${formatDiagnostics(diagnostics)}`);
  return program;
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => PROJECT_ROOT, getNewLine: () => '\n' });
}

/** Names the entry exports as values (types have no run-time existence to re-export). */
function valueExportsOf(program: ts.Program, entryFile: string): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entryFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entryFile} is not a module of the runtime build`);
  return checker
    .getExportsOfModule(moduleSymbol)
    .filter((symbol) => ((symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol).flags & ts.SymbolFlags.Value) !== 0)
    .map((symbol) => symbol.name)
    .sort();
}

/**
 * `index.mjs` re-exports the names from the CommonJS `index.js`; Node finds them with its
 * cjs-module-lexer, which recognises tsc's `Object.defineProperty(exports, "name", { get })` and
 * `exports.name =` forms. One module instance serves both import forms, so there is no dual-package
 * hazard (one `StripeConfigError` class for `instanceof`, one compiled schema).
 * `index.d.mts` gives the ES module entry its own declarations, so TypeScript sees named exports
 * and no default export there, as Node does.
 */
function writeModuleEntry(runtimeDir: string, names: string[]): void {
  const header = '// Generated by scripts/runtime-package/build.ts: the CommonJS build, re-exported for `import`.\n';
  writeFileSync(path.join(runtimeDir, 'index.mjs'), `${header}export {\n${names.map((name) => `  ${name},`).join('\n')}\n} from './index.js';\n`);
  writeFileSync(path.join(runtimeDir, 'index.d.mts'), `${header}export * from './index.js';\n`);
}

interface ToolManifest {
  version: string;
  license?: string;
  engines?: Record<string, string>;
  dependencies: Record<string, string>;
}

/**
 * The package's dependencies: what the built files import, at the versions the repository pins.
 * Throws, naming each file, when they import anything outside `RUNTIME_DEPENDENCIES` and Node.
 */
export function runtimeDependencies(imports: ExternalImport[], pins: Record<string, string>): Record<string, string> {
  const allowed = new Set<string>(RUNTIME_DEPENDENCIES);
  const stray = imports.filter(({ module, kind }) =>
    kind === 'types' ? !CONSUMER_TYPES.includes(module) && !allowed.has(module) : !module.startsWith('node:') && !allowed.has(module),
  );
  if (stray.length > 0) {
    throw new Error(
      `The runtime package may import only ${RUNTIME_DEPENDENCIES.join(', ')} and Node's built-ins (docs/ARCHITECTURE.md, "Import rules"), but:\n${stray
        .map(({ module, file, kind }) => `  ${file} ${kind === 'types' ? 'references the types of' : 'imports'} ${module}`)
        .join('\n')}`,
    );
  }
  const used = [...new Set(imports.map(({ module }) => module).filter((module) => allowed.has(module)))].sort();
  return Object.fromEntries(
    used.map((name) => {
      const version = pins[name];
      if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
        throw new Error(`package.json must pin ${name} to an exact version among its dependencies for the runtime package (found ${JSON.stringify(version)})`);
      }
      return [name, version];
    }),
  );
}

function packageManifest(tool: ToolManifest, dependencies: Record<string, string>) {
  return {
    name: 'stripe-config',
    version: tool.version,
    description: "stripe-config's checkout runtime: the config loader, key sets, the Stripe client and the 3DS-aware checkout flow a Node backend imports as stripe-config/runtime",
    license: tool.license ?? 'UNLICENSED',
    type: 'commonjs',
    // The files sit at runtime/index.*, so resolvers that ignore `exports` (TypeScript's "node10",
    // older bundlers) find the same entry through the directory's index.
    exports: {
      './runtime': {
        import: { types: './runtime/index.d.mts', default: './runtime/index.mjs' },
        require: { types: './runtime/index.d.ts', default: './runtime/index.js' },
      },
      './package.json': './package.json',
    },
    files: ['runtime/'],
    engines: tool.engines ?? { node: '>=20' },
    dependencies,
  };
}
