/**
 * Runs in the child process that config/evaluate.ts starts (under tsx, with no secrets in its
 * environment): requires each environment file given on the command line and writes what each
 * exported, or why it could not, to fd 3 with v8's serializer. stdout and stderr stay the file's
 * own (the parent sends them to its stderr).
 */
import { writeSync } from 'node:fs';
import { serialize } from 'node:v8';

export type Evaluation = { value: unknown } | { error: string };

const evaluations: Evaluation[] = process.argv.slice(2).map((file): Evaluation => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as { default?: unknown };
    const value = loaded.default ?? loaded;
    serialize(value); // a function or a class instance cannot be sent back: say so for this file alone
    return { value };
  } catch (error) {
    const { message } = error instanceof Error ? error : new Error(String(error));
    // v8's serializer: "<value> could not be cloned." for a function, a symbol or a class with private state.
    return { error: / could not be cloned\.$/.test(message) ? `exports something that is not plain data (${message})` : message };
  }
});

const bytes = serialize(evaluations);
for (let written = 0; written < bytes.length; ) written += writeSync(3, bytes, written);
