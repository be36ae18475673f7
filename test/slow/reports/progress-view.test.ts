/**
 * The gate's progress as the CLI shows it: listr2's live view in a terminal (here a pseudo-terminal
 * made by util-linux `script`), plain lines otherwise. progress-driver.ts plays the events of a
 * two-environment gate.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const DRIVER = path.join(__dirname, 'progress-driver.ts');
const NODE_DRIVER = `${JSON.stringify(process.execPath)} -e "require('tsx/cjs'); require(${JSON.stringify(DRIVER).replace(/"/g, "'")})"`;
const SHOW_CURSOR = '\u001b[?25h';
const HIDE_CURSOR = '\u001b[?25l';
// CSI sequences and the synchronized-output markers listr2 draws with.
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

describe('the gate progress view', () => {
  test('outside a terminal (CI logs): one plain line per event, in order', () => {
    const output = execFileSync(process.execPath, ['-e', `require('tsx/cjs'); require(${JSON.stringify(DRIVER)})`], { encoding: 'utf8' });
    expect(output).toBe(
      [
        '[gate] gating production, staging',
        '[gate] production: started',
        '[gate] production: plan started',
        '[gate] production: plan done (1 to replace)',
        '[gate] production: candidate Frictionless payment: pass (400 ms)',
        '[gate] production: pass (journeys unchanged; 1 field changed (listed below))',
        '[gate] staging: started',
        '[gate] staging: plan started',
        '[gate] staging: plan done (1 to replace)',
        '[gate] staging: candidate Frictionless payment: pass (400 ms)',
        '[gate] staging: blocked (1 regression)',
        'view closed',
        '',
      ].join('\n'),
    );
  }, 30_000);

  const hasScript = spawnSync('script', ['--version']).status === 0;
  (hasScript ? test : test.skip)('in a terminal: a live line per environment that ends with its verdict', () => {
    const raw = execFileSync('script', ['-qec', `stty cols 100 rows 30; ${NODE_DRIVER}`, '/dev/null'], { encoding: 'utf8' });
    const output = stripAnsi(raw);
    // The journey in progress is shown while it runs, and the last frame holds each environment's verdict.
    expect(output).toContain('now: Frictionless payment (candidate settings)');
    const lastFrame = output.slice(output.lastIndexOf('production: pass'));
    expect(lastFrame).toMatch(/^production: pass \(journeys unchanged; 1 field changed \(listed below\)\)\n✖ staging: blocked \(1 regression\)\nview closed/);
    expect(output).not.toContain('[gate]');
  }, 30_000);

  (hasScript ? test : test.skip)('in a terminal, Ctrl-C ends the gate at once (exit 130) and gives the cursor back', () => {
    const raw = execFileSync('script', ['-qec', `stty cols 100 rows 30; timeout --preserve-status -s INT 8 ${NODE_DRIVER} hang; echo "exit $?"`, '/dev/null'], { encoding: 'utf8' });
    expect(raw).toMatch(/exit 130\r?\n$/);
    // Whenever the live view hid the cursor, it is shown again before the process ends.
    if (raw.includes(HIDE_CURSOR)) expect(raw.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(raw.lastIndexOf(HIDE_CURSOR));
  }, 30_000);
});
