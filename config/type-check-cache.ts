/**
 * Remembers which environment files type-checked clean, so that the next command over the same
 * bytes skips the compiler: loading TypeScript and building the program cost about a second of CPU
 * in every command that reads environment files (docs/BENCHMARKS.md, section 5), and CI, the gate
 * and deploy read the same unchanged files over and over.
 *
 * Only a clean result is kept (a file with type errors is checked again every time, so its messages
 * are always the compiler's own). A record names every file the program read, except the
 * TypeScript package's own libraries (its version is in the key), with the sha256 of the text the
 * compiler checked, and the names in each folder holding one of them: a file added next to them
 * could change what an import resolves to. It is trusted only while all of those are unchanged.
 *
 * The records live in a folder of the user's own under the temporary directory (as tsx keeps its
 * compile cache), refused if anyone else owns it or may write to it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The files a clean program read, and the folders they sit in, as they were when it was checked. */
interface CleanRecord {
  files: Array<[file: string, sha256: string]>;
  folders: Array<[folder: string, sha256: string]>;
}

/** What the compiler read: a source file's name and the text it checked. */
export interface CheckedSource {
  fileName: string;
  text: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The per-user cache folder, or undefined when it cannot be made safely (then nothing is cached).
 * A folder of ours that others could write to (someone loosened it) may hold forged "clean"
 * records: it is made private again and emptied before use.
 */
export function defaultTypeCheckCacheDir(temporary = os.tmpdir()): string | undefined {
  const uid = process.getuid?.();
  const home = path.join(temporary, `stripe-config-${uid ?? os.userInfo().username}`);
  const dir = path.join(home, 'type-check');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (uid === undefined) return dir;
    const folder = statSync(home);
    if (folder.uid !== uid) return undefined;
    if ((folder.mode & 0o022) !== 0) {
      // Closed first, then emptied: nobody else can add a record after the wipe.
      chmodSync(home, 0o700);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { mode: 0o700 });
    }
    const own = statSync(dir);
    return own.uid === uid && (own.mode & 0o022) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The record's name: the compiler's version, the program's options and the root files with their
 * contents, so that each state of the files (two branches, say) keeps a record of its own.
 */
function recordFile(cacheDir: string, roots: string[], programId: string, textOf: (file: string) => string): string {
  const contents = roots.map((file) => path.resolve(file)).sort().map((file) => [file, sha256(textOf(file))]);
  return path.join(cacheDir, `${sha256(JSON.stringify({ typescript: typescriptVersion(), programId, contents }))}.json`);
}

/** True when these root files, and everything their program read, are as they were when they last checked clean. */
export function knownClean(roots: string[], programId: string, cacheDir: string): boolean {
  // Each file read once: the roots name the record and are among the files it lists.
  const read = new Map<string, string>();
  const current = (file: string) => read.get(file) ?? read.set(file, readSource(file)).get(file)!;
  try {
    const record = JSON.parse(readFileSync(recordFile(cacheDir, roots, programId, current), 'utf8')) as CleanRecord;
    return record.files.every(([file, hash]) => sha256(current(file)) === hash) && record.folders.every(([folder, hash]) => sha256(listing(folder)) === hash);
  } catch {
    // No record, an unreadable one, or a file gone: check again.
    return false;
  }
}

/** Records that these root files checked clean, with every source the program read (but TypeScript's own libraries). */
export function rememberClean(roots: string[], programId: string, sources: readonly CheckedSource[], cacheDir: string): void {
  const libraries = path.dirname(require.resolve('typescript'));
  const read = sources.map((source) => path.resolve(source.fileName)).filter((file) => !file.startsWith(libraries + path.sep));
  const byName = new Map(sources.map((source) => [path.resolve(source.fileName), source.text]));
  const record: CleanRecord = {
    // The text the compiler checked, not the file now: an edit made meanwhile must not be recorded as clean.
    files: read.map((file) => [file, sha256(byName.get(file)!)]),
    folders: [...new Set(read.map((file) => path.dirname(file)))].map((folder) => [folder, sha256(listing(folder))]),
  };
  try {
    // Named by the roots' checked text too, so the record is found only for the bytes it vouches for.
    const file = recordFile(cacheDir, roots, programId, (root) => byName.get(root) ?? readSource(root));
    // Written whole, then renamed: a command reading at the same time sees the old record or the new one.
    const partial = partialOf(file);
    writeFileSync(partial, JSON.stringify(record), { mode: 0o600 });
    renameSync(partial, file);
    prune(cacheDir);
  } catch {
    // A cache that cannot be written only costs the next command its second of type-checking.
  }
}

/** Records kept at most: scratch copies of environment files (tests, CI runs) would otherwise pile up forever. */
export const MAX_RECORDS = 500;

/** A record being written: `<record>.json.<pid>.<random>`, renamed into place within milliseconds. */
const partialOf = (record: string) => `${record}.${process.pid}.${randomBytes(4).toString('hex')}`;
/** The names partialOf gives, which prune recognises. */
const PARTIAL = /\.json\.\d+\.[0-9a-f]{8}$/;
/** A partial older than this was left by a writer that died mid-write (kill -9): nobody will rename it. */
export const ABANDONED_PARTIAL_MS = 60_000;

/**
 * Removes partials abandoned by killed writers, and keeps the newest half of the records when there
 * are more than MAX_RECORDS (cheap: only after a check that cost a second anyway).
 */
function prune(cacheDir: string): void {
  const names = readdirSync(cacheDir);
  const abandonedBefore = Date.now() - ABANDONED_PARTIAL_MS;
  for (const name of names.filter((entry) => PARTIAL.test(entry))) {
    const file = path.join(cacheDir, name);
    if (mtimeOf(file) < abandonedBefore) rmSync(file, { force: true });
  }
  const records = names.filter((name) => name.endsWith('.json'));
  if (records.length <= MAX_RECORDS) return;
  const byAge = records.map((name) => ({ file: path.join(cacheDir, name), mtime: mtimeOf(path.join(cacheDir, name)) })).sort((a, b) => a.mtime - b.mtime);
  for (const { file } of byAge.slice(0, byAge.length - MAX_RECORDS / 2)) rmSync(file, { force: true });
}

/** Modification time in ms; Infinity for a file gone meanwhile (another command pruned it), so it is left alone. */
function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** A source file as the compiler reads it: UTF-8 without a byte order mark. */
function readSource(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function listing(folder: string): string {
  return readdirSync(folder).sort().join('\n');
}

/** The installed compiler's version, read without loading the compiler. */
function typescriptVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
}
