/**
 * Which modules the built runtime really imports, read from the emitted files themselves (type-only
 * imports are gone from the JavaScript; the declarations keep theirs, which a TypeScript consumer
 * needs installed too). TypeScript's own pre-processor finds `import`, `export … from`, `require()`,
 * `import()` and `import("…")` types alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** One bare module a built file imports. */
export interface ExternalImport {
  /** The package (`@aws-sdk/client-secrets-manager` for `@aws-sdk/client-secrets-manager/dist-types/…`), or `node:<name>` for a built-in. */
  module: string;
  /** The importing file, relative to the package directory. */
  file: string;
  /** `types` when it is a `/// <reference types>` directive, which only a TypeScript consumer resolves. */
  kind: 'import' | 'types';
}

/** Every bare import of the built files under `packageDir` (relative ones must stay inside it). */
export function externalImportsOf(packageDir: string): ExternalImport[] {
  const found: ExternalImport[] = [];
  for (const file of builtFiles(packageDir)) {
    const text = readFileSync(file, 'utf8');
    const { importedFiles, typeReferenceDirectives } = ts.preProcessFile(text, true, true);
    const relativeFile = path.relative(packageDir, file);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        if (path.relative(packageDir, target).startsWith('..')) throw new Error(`${relativeFile} imports ${specifier}, outside the package`);
        continue;
      }
      found.push({ module: moduleOf(specifier), file: relativeFile, kind: 'import' });
    }
    for (const { fileName } of typeReferenceDirectives) found.push({ module: fileName, file: relativeFile, kind: 'types' });
  }
  return found;
}

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function moduleOf(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  const segments = bare.split('/');
  const name = bare.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0];
  return specifier.startsWith('node:') || builtinModules.includes(name) ? `node:${name}` : name;
}
