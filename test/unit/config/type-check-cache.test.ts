import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { typeCheckEnvironmentFiles } from '../../../config';
import { TYPE_CHECK_PROGRAM_ID } from '../../../config/type-check';
import { ABANDONED_PARTIAL_MS, defaultTypeCheckCacheDir, knownClean, MAX_RECORDS, rememberClean } from '../../../config/type-check-cache';
import { scratchConfigDir } from '../../helpers/environments';

/** What a misspelt field in staging.ts makes the compiler say. */
const MISSPELT = /staging\.ts:\d+:\d+ - TS2561: Object literal may only specify known properties, but 'captureMode' does not exist/;

describe('remembering environment files that type-checked clean', () => {
  let scratch: ReturnType<typeof scratchConfigDir>;
  let cacheDir: string;
  let staging: string;
  const check = (files = [staging]) => typeCheckEnvironmentFiles(files, { cacheDir });

  beforeEach(() => {
    scratch = scratchConfigDir();
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-type-check-cache-'));
    staging = path.join(scratch.dir, 'staging.ts');
  });
  afterEach(() => {
    scratch.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  test('a clean check is recorded, and a record is trusted without the compiler', () => {
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(check()).toEqual([]);
    expect(readdirSync(cacheDir)).toHaveLength(1);

    // Proof that a record stands in for the compiler: one forged for a file with a type error is believed.
    scratch.edit('staging', "captureMethod: 'automatic'", "captureMode: 'automatic'");
    expect(typeCheckEnvironmentFiles([staging], { cacheDir: false }).join('\n')).toMatch(MISSPELT);
    rememberClean([staging], 'forged', [{ fileName: staging, text: readFileSync(staging, 'utf8') }], cacheDir);
    expect(knownClean([staging], 'forged', cacheDir)).toBe(true);
  });

  test('an edit to the environment file is checked again, and its errors are never recorded', () => {
    expect(check()).toEqual([]);
    scratch.edit('staging', "captureMethod: 'automatic'", "captureMode: 'automatic'");
    expect(check().join('\n')).toMatch(MISSPELT);
    expect(check().join('\n')).toMatch(MISSPELT);
    scratch.edit('staging', "captureMode: 'automatic'", "captureMethod: 'automatic'");
    expect(check()).toEqual([]);
  });

  test('an edit to a file the environment imports is checked again', () => {
    writeFileSync(path.join(scratch.dir, 'shared.ts'), "export const capture = 'automatic' as const;\n");
    scratch.edit('staging', "import { defineEnvironment } from", "import { capture } from './shared';\nimport { defineEnvironment } from");
    scratch.edit('staging', "captureMethod: 'automatic'", 'captureMethod: capture');
    expect(check()).toEqual([]);
    writeFileSync(path.join(scratch.dir, 'shared.ts'), "export const capture = 'sometimes' as const;\n");
    expect(check().join('\n')).toMatch(/staging\.ts:\d+:\d+ - TS2322: Type '"sometimes"' is not assignable/);
  });

  test('a file added next to one the program read is checked again (it could change what an import resolves to)', () => {
    expect(check()).toEqual([]);
    expect(knownClean([staging], TYPE_CHECK_PROGRAM_ID, cacheDir)).toBe(true);
    writeFileSync(path.join(scratch.dir, 'notes.txt'), 'anything\n');
    expect(knownClean([staging], TYPE_CHECK_PROGRAM_ID, cacheDir)).toBe(false);
  });

  test('a record of what the compiler read is not trusted for a file edited while it was checking', () => {
    rememberClean([staging], 'p', [{ fileName: staging, text: 'export default 1;\n' }], cacheDir);
    expect(knownClean([staging], 'p', cacheDir)).toBe(false);
  });

  test('each state of the files keeps its own record, and another program or a damaged record is a miss', () => {
    expect(check()).toEqual([]);
    scratch.edit('staging', "statementDescriptorSuffix: 'EXAMPLE SHOP'", "statementDescriptorSuffix: 'SHOP EU'");
    expect(check()).toEqual([]);
    expect(readdirSync(cacheDir)).toHaveLength(2);
    expect(knownClean([staging], 'another program', cacheDir)).toBe(false);
    for (const record of readdirSync(cacheDir)) writeFileSync(path.join(cacheDir, record), '{"files": [');
    expect(knownClean([staging], TYPE_CHECK_PROGRAM_ID, cacheDir)).toBe(false);
    expect(check()).toEqual([]);
  });

  test(`at most ${MAX_RECORDS} records are kept, the newest`, () => {
    for (let index = 0; index <= MAX_RECORDS; index++) writeFileSync(path.join(cacheDir, `old-${index}.json`), '{}');
    expect(check()).toEqual([]);
    const left = readdirSync(cacheDir);
    expect(left.length).toBe(MAX_RECORDS / 2);
    expect(left.filter((name) => !name.startsWith('old-'))).toHaveLength(1);
  });

  test('a partial record left by a writer killed mid-write is removed by the next write; one being written is not', () => {
    const abandoned = path.join(cacheDir, `${'a'.repeat(64)}.json.4242.0badc0de`);
    const inFlight = path.join(cacheDir, `${'b'.repeat(64)}.json.4343.0123abcd`);
    writeFileSync(abandoned, '{"files": [');
    writeFileSync(inFlight, '{"files": [');
    const past = (Date.now() - ABANDONED_PARTIAL_MS - 5_000) / 1000;
    utimesSync(abandoned, past, past);
    expect(check()).toEqual([]);
    const left = readdirSync(cacheDir);
    expect(left).not.toContain(path.basename(abandoned));
    expect(left).toContain(path.basename(inFlight));
    expect(left.filter((name) => name.endsWith('.json'))).toHaveLength(1);
  });

  test("without a cacheDir, results are remembered in the user's own folder (what every command uses)", () => {
    expect(typeCheckEnvironmentFiles([staging])).toEqual([]);
    expect(knownClean([staging], TYPE_CHECK_PROGRAM_ID, defaultTypeCheckCacheDir()!)).toBe(true);
  });

  test('a missing environment file is never known clean', () => {
    expect(knownClean([path.join(scratch.dir, 'nowhere.ts')], TYPE_CHECK_PROGRAM_ID, cacheDir)).toBe(false);
  });

  describe('the default folder', () => {
    let root: string;
    beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-cache-home-'))));
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    test("is the user's own under the temporary directory", () => {
      const dir = defaultTypeCheckCacheDir(root);
      expect(dir).toBe(path.join(root, `stripe-config-${process.getuid!()}`, 'type-check'));
    });

    test('is made private again and emptied when others could write to it: a record planted there could hide a type error', () => {
      const dir = defaultTypeCheckCacheDir(root)!;
      writeFileSync(path.join(dir, 'planted.json'), '{"files":[],"folders":[]}');
      chmodSync(path.dirname(dir), 0o777);
      expect(defaultTypeCheckCacheDir(root)).toBe(dir);
      expect(statSync(path.dirname(dir)).mode & 0o777).toBe(0o700);
      expect(readdirSync(dir)).toEqual([]);
    });

    test("is refused when its records' folder is not private", () => {
      const dir = defaultTypeCheckCacheDir(root)!;
      chmodSync(dir, 0o777);
      expect(defaultTypeCheckCacheDir(root)).toBeUndefined();
    });
  });
});
