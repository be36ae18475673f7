/**
 * Persistence for the stand-in's state.
 *
 * State lives in memory and every handler mutates it synchronously, so requests never interleave
 * inside a rule. `commit()` then makes the mutation durable before the request is acknowledged:
 * the whole state is written to a temp file, fsynced and renamed over the state file, so a crash
 * leaves either the old or the new file, never half of one. Writes are serialised; commits that
 * arrive while a write is waiting share the next write, which carries all their changes.
 *
 * Like AWS after a 500, a request whose commit failed may or may not have taken effect: the
 * in-memory change stays and is written by the next successful commit.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAlive } from '../shared';
import { emptyState, SecretsState } from './secrets';

/** Bumped when the file layout changes, so a later version can migrate or refuse old files. */
const STATE_FORMAT = 'stripe-config/secrets-manager-emulator@1';

interface StateFile {
  format: string;
  state: SecretsState;
}

export class SecretStore {
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private writeCount = 0;

  private constructor(
    public state: SecretsState,
    private readonly stateFile: string | undefined,
  ) {}

  /** Opens the store, loading `stateFile` if it exists. Without a file the state is memory-only. */
  static async open(stateFile: string | undefined): Promise<SecretStore> {
    if (!stateFile) return new SecretStore(emptyState(), undefined);
    await removeOrphanedTempFiles(stateFile);
    return new SecretStore(await readStateFile(stateFile), stateFile);
  }

  /** Resolves once everything mutated so far is on disk. */
  commit(): Promise<void> {
    if (!this.stateFile) return Promise.resolve();
    if (this.queued) return this.queued;
    const file = this.stateFile;
    const write = this.tail.then(() => {
      // Taken when the write starts, so it includes every commit that joined this one meanwhile.
      this.queued = undefined;
      const contents = JSON.stringify({ format: STATE_FORMAT, state: this.state } satisfies StateFile);
      return writeAtomically(file, contents, ++this.writeCount);
    });
    this.queued = write;
    this.tail = write.catch(() => undefined);
    return write;
  }

  /** Waits for writes in flight; used on close. */
  async flush(): Promise<void> {
    await this.tail;
  }

  /** Drops all secrets (test control). */
  reset(): Promise<void> {
    this.state = emptyState();
    return this.commit();
  }
}

async function readStateFile(stateFile: string): Promise<SecretsState> {
  let text: string;
  try {
    text = await fs.readFile(stateFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw error;
  }
  let parsed: Partial<StateFile>;
  try {
    parsed = JSON.parse(text) as Partial<StateFile>;
  } catch {
    // Not the parser's message: Node quotes part of the input, which here holds secret values.
    throw new Error(`Secrets Manager stand-in: ${stateFile} is not valid JSON`);
  }
  if (parsed.format !== STATE_FORMAT || !parsed.state || !Array.isArray(parsed.state.secrets)) {
    throw new Error(`Secrets Manager stand-in: ${stateFile} is not a state file of format ${STATE_FORMAT}`);
  }
  return parsed.state;
}

/**
 * A process killed between writing a temp file and renaming it leaves the temp file behind; the
 * state file itself is intact. Temp files of live processes are left alone.
 */
async function removeOrphanedTempFiles(stateFile: string): Promise<void> {
  const base = path.basename(stateFile);
  let names: string[];
  try {
    names = await fs.readdir(path.dirname(stateFile));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const match = /^\.(\d+)\.\d+\.tmp$/.exec(name.slice(base.length));
    if (match && !isAlive(Number(match[1]))) await fs.rm(path.join(path.dirname(stateFile), name), { force: true });
  }
}

async function writeAtomically(file: string, contents: string, sequence: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${sequence}.tmp`;
  try {
    // 0600: the file holds secret values.
    const handle = await fs.open(temp, 'w', 0o600);
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
    await syncDirectory(path.dirname(file));
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** The rename itself is durable only once the directory entry is on disk (a process kill does not need it; a power cut does). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
