/**
 * The environment type-check's cache (config/type-check-cache.ts) under commands racing on the same
 * machine, as a CI runner's parallel jobs or two terminals do: several `validate` at once over the
 * same files, into a cache folder none of them has written yet. Each must pass on its own check,
 * and what they leave must be one whole record that the next command trusts, with no partial left
 * behind. The cache's rules one by one are in test/unit/config/type-check-cache.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli';
import { scratchConfigDir } from '../../helpers/environments';

const RACERS = 4;

describe('the type-check cache with commands racing', () => {
  let temporary: string;
  let scratch: ReturnType<typeof scratchConfigDir>;
  beforeAll(() => {
    // The cache lives in the user's folder under TMPDIR: a fresh TMPDIR is a cache nobody has written.
    temporary = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-cache-race-'));
    scratch = scratchConfigDir();
  });
  afterAll(() => {
    scratch.remove();
    rmSync(temporary, { recursive: true, force: true });
  });
  const validate = () => runCli(['--config-dir', scratch.dir, 'validate'], { TMPDIR: temporary });
  const cacheDir = () => path.join(temporary, `stripe-config-${process.getuid!()}`, 'type-check');

  test(`${RACERS} validations at once each pass, and leave one whole record that the next one trusts`, async () => {
    const results = await Promise.all(Array.from({ length: RACERS }, validate));
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^production: ok$/m);
    }
    const left = readdirSync(cacheDir());
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    const record = path.join(cacheDir(), left[0]!);
    const { files } = JSON.parse(readFileSync(record, 'utf8')) as { files: Array<[string, string]> };
    expect(files.map(([file]) => file)).toEqual(expect.arrayContaining([path.join(scratch.dir, 'production.ts')]));

    // Trusted: the next command skips the compiler, so it writes nothing.
    const written = statSync(record).mtimeMs;
    const next = await validate();
    expect(next.code).toBe(0);
    expect(readdirSync(cacheDir())).toEqual(left);
    expect(statSync(record).mtimeMs).toBe(written);
  }, 120_000);
});
