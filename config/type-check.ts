/**
 * Type-checks environment files before they run, so a typo is a `file:line:col - TSxxxx` message.
 * The program holds only what those files see: themselves, config/define.ts and the plain
 * interfaces of config/types.ts, over the ES2022 library (no DOM, no @types, no TypeBox). That is
 * a few dozen files instead of about 300 (docs/BENCHMARKS.md, section 5). Files that checked clean
 * before, unchanged since, are not checked again (config/type-check-cache.ts).
 */
import path from 'node:path';
import type ts from 'typescript';
import { defaultTypeCheckCacheDir, knownClean, rememberClean } from './type-check-cache';

// Loaded on first use: rollback and history read environment files without type-checking them,
// and a command whose files are known clean must not pay for the compiler either.
const typescript = () => require('typescript') as typeof import('typescript');

/** The program's options, by name: they build the program and, as text, key the cache of clean results. */
const PROGRAM = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  module: 'CommonJS',
  moduleResolution: 'Node10',
  target: 'ES2022',
  lib: ['lib.es2022.d.ts'],
  types: [],
} as const;
export const TYPE_CHECK_PROGRAM_ID = JSON.stringify(PROGRAM);

/** The program that type-checks the given environment files. */
export function environmentProgram(files: string[]): ts.Program {
  const compiler = typescript();
  return compiler.createProgram(files, {
    ...PROGRAM,
    lib: [...PROGRAM.lib],
    types: [...PROGRAM.types],
    module: compiler.ModuleKind[PROGRAM.module],
    moduleResolution: compiler.ModuleResolutionKind[PROGRAM.moduleResolution],
    target: compiler.ScriptTarget[PROGRAM.target],
  });
}

export interface TypeCheckOptions {
  /** Where clean results are remembered; default a folder of the user's own under the temporary directory. `false`: always check. */
  cacheDir?: string | false;
}

/** TypeScript diagnostics of the given environment files, formatted `file:line:col - TSxxxx: message`. */
export function typeCheckEnvironmentFiles(files: string[], options: TypeCheckOptions = {}): string[] {
  const cacheDir = options.cacheDir ?? defaultTypeCheckCacheDir();
  if (cacheDir && knownClean(files, TYPE_CHECK_PROGRAM_ID, cacheDir)) return [];
  const compiler = typescript();
  const program = environmentProgram(files);
  const diagnostics = compiler.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = compiler.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${text}`;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const file = path.relative(process.cwd(), diagnostic.file.fileName);
    return `${file}:${line + 1}:${character + 1} - TS${diagnostic.code}: ${text}`;
  });
  if (cacheDir && diagnostics.length === 0) rememberClean(files, TYPE_CHECK_PROGRAM_ID, program.getSourceFiles(), cacheDir);
  return diagnostics;
}
