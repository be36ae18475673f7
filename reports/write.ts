/** Writes every report of a run into one folder: the only function of reports/ that touches the disk. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GateRun } from '../ops';
import { StripeConfigError } from '../runtime/contract';
import { gateHtml } from './html';
import { gateJson } from './json';
import { gateJUnit } from './junit';
import { gateMarkdown } from './markdown';
import { runScreenshots } from './screenshots';

export const REPORT_FILES = { markdown: 'gate.md', junit: 'junit.xml', json: 'gate.json', html: 'gate.html' } as const;

/** Writes gate.md, junit.xml, gate.json, gate.html and the screenshots gate.json names; returns the files written. */
export function writeGateReports(dir: string, run: GateRun): string[] {
  const files: [string, string | Buffer][] = [
    [REPORT_FILES.markdown, gateMarkdown(run)],
    [REPORT_FILES.junit, gateJUnit(run)],
    [REPORT_FILES.json, gateJson(run)],
    [REPORT_FILES.html, gateHtml(run)],
    ...runScreenshots(run).map((shot): [string, Buffer] => [shot.file, shot.png]),
  ];
  return files.map(([name, content]) => {
    const file = path.join(dir, ...name.split('/'));
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    } catch (error) {
      throw new StripeConfigError('usage', `--report-dir: cannot write ${file}: ${(error as Error).message}`, 'Give --report-dir a folder this process may create and write.');
    }
    return file;
  });
}
