/**
 * Type-checks environment files before they run, so a typo is a `file:line:col - TSxxxx` message.
 * The program holds only what those files see: themselves, config/define.ts and the plain
 * interfaces of config/types.ts, over the ES2022 library (no DOM, no @types, no TypeBox). That is
 * a few dozen files instead of about 300 (docs/BENCHMARKS.md, section 5).
 */
import path from 'node:path';
import type ts from 'typescript';

// Loaded on first use: rollback and history read environment files without type-checking them,
// and must not pay for the compiler.
const typescript = () => require('typescript') as typeof import('typescript');

/** The program that type-checks the given environment files. */
export function environmentProgram(files: string[]): ts.Program {
  const compiler = typescript();
  return compiler.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: compiler.ModuleKind.CommonJS,
    moduleResolution: compiler.ModuleResolutionKind.Node10,
    target: compiler.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
  });
}

/** TypeScript diagnostics of the given environment files, formatted `file:line:col - TSxxxx: message`. */
export function typeCheckEnvironmentFiles(files: string[]): string[] {
  const compiler = typescript();
  return compiler.getPreEmitDiagnostics(environmentProgram(files)).map((diagnostic) => {
    const text = compiler.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${text}`;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const file = path.relative(process.cwd(), diagnostic.file.fileName);
    return `${file}:${line + 1}:${character + 1} - TS${diagnostic.code}: ${text}`;
  });
}
