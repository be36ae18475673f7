/**
 * `--config-dir` as CI passes it: a folder without environments fails (exit 2) instead of passing
 * with an empty table, and a relative folder is read from the working directory. (The rules behind
 * it, missing folders and bad names included, are unit-tested in load.test.ts without a process.)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../helpers/cli';
import { scratchConfigDir } from '../../helpers/environments';

const ENV = { CHECKPOINT_DISABLE: '1' };

describe('stripe-config --config-dir', () => {
  let scratch: ReturnType<typeof scratchConfigDir>;
  beforeAll(() => (scratch = scratchConfigDir()));
  afterAll(() => scratch.remove());

  test.each(['validate', 'gate --all'])('%s with an empty folder exits 2 naming it', async (command) => {
    const empty = path.join(path.dirname(scratch.dir), 'empty');
    mkdirSync(empty, { recursive: true });
    const result = await runCli(['--config-dir', empty, ...command.split(' ')], ENV);
    expect(result.stderr).toContain(`error: no environments in ${empty}`);
    expect(result.code).toBe(2);
  });

  test('validate reads a relative folder from the working directory', async () => {
    const result = await runCli(['--config-dir', path.relative(process.cwd(), scratch.dir), 'validate', 'staging'], ENV);
    expect(result.stdout.trim()).toBe('staging: ok');
    expect(result.code).toBe(0);
  });
});
