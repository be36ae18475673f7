/**
 * One type-check of environment files in a fresh process, for bench/cli.ts:
 *   node -r tsx/cjs bench/type-check-probe.ts lean|full <file>…
 * Prints {"cpuMs", "files", "diagnostics"} as JSON. The compiler is loaded before the clock starts,
 * so what is timed is building and checking the program.
 *
 * lean: the program the CLI builds (config/type-check.ts). full: the program it built before:
 * TypeScript's default library for ES2022 (which includes the DOM) and files typed against the
 * schema's TypeBox type; the caller passes environment files whose defineEnvironment uses it.
 */
import ts from 'typescript';
import { environmentProgram } from '../config';

const FULL_PROGRAM_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  target: ts.ScriptTarget.ES2022,
  types: [],
};

const [variant, ...files] = process.argv.slice(2);
const started = process.cpuUsage();
const program = variant === 'lean' ? environmentProgram(files) : ts.createProgram(files, FULL_PROGRAM_OPTIONS);
const diagnostics = ts.getPreEmitDiagnostics(program).length;
const used = process.cpuUsage(started);
console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, files: program.getSourceFiles().length, diagnostics }));
