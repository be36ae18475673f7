import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeGateReports } from '../../../reports';
import { blockedRun, configErrorRun, PNG } from '../../helpers/gate-runs';

describe('writeGateReports', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-reports-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the four reports and every screenshot gate.json names', () => {
    writeGateReports(dir, blockedRun());
    expect(readdirSync(dir).sort()).toEqual(['gate.html', 'gate.json', 'gate.md', 'junit.xml', 'screenshots']);
    const named = [...readFileSync(path.join(dir, 'gate.json'), 'utf8').matchAll(/"(?:authentication|landing)Page": "([^"]+)"/g)].map((match) => match[1]);
    expect(named).toHaveLength(4);
    for (const file of named) expect(readFileSync(path.join(dir, file)).equals(PNG)).toBe(true);
  });

  test('a run that stopped on a config error still gets all four', () => {
    writeGateReports(dir, configErrorRun());
    expect(readdirSync(dir).sort()).toEqual(['gate.html', 'gate.json', 'gate.md', 'junit.xml']);
  });

  test('a folder it cannot write names the file and says what to do', () => {
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    expect(() => writeGateReports(blocker, configErrorRun())).toThrow(
      expect.objectContaining({ code: 'usage', message: expect.stringMatching(/^--report-dir: cannot write .*not-a-folder\/gate\.md: /), hint: expect.stringContaining('--report-dir') }),
    );
  });
});
