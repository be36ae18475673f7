import { GATE_JSON_FORMAT, gateJson, runScreenshots } from '../../../reports';
import { blockedRun, infrastructureRun, RUNS } from '../../helpers/gate-runs';

/** The run as gate.json should hold it: plain data, each screenshot replaced by its file name. */
function expectedJson(run: ReturnType<typeof blockedRun>) {
  const files = new Map(runScreenshots(run).map((shot) => [`${shot.side}/${shot.journey}/${shot.page}`, shot.file]));
  const plain = JSON.parse(JSON.stringify({ ...run, environments: [] }));
  plain.environments = run.environments.map((report) => ({
    ...JSON.parse(JSON.stringify({ ...report, rows: [] })),
    rows: report.rows.map((row) => {
      const side = (name: 'candidate' | 'live', result: typeof row.candidate) => {
        const { evidence, ...rest } = result;
        if (!evidence) return rest;
        return {
          ...rest,
          evidence: {
            ...(evidence.authenticationPage ? { authenticationPage: files.get(`${name}/${result.journey}/authentication`) } : {}),
            ...(evidence.landingPage ? { landingPage: files.get(`${name}/${result.journey}/landing`) } : {}),
          },
        };
      };
      return { ...JSON.parse(JSON.stringify({ ...row, candidate: null, baseline: null })), candidate: side('candidate', row.candidate), ...(row.baseline ? { baseline: side('live', row.baseline) } : {}) };
    }),
  }));
  return { format: GATE_JSON_FORMAT, ...plain };
}

describe('gateJson', () => {
  test.each(Object.keys(RUNS) as (keyof typeof RUNS)[])('%s: the whole run round-trips, screenshots as file names', (name) => {
    const run = RUNS[name]();
    expect(JSON.parse(gateJson(run))).toEqual(expectedJson(run));
  });

  test('never holds screenshot bytes, only relative file names of PNGs', () => {
    const json = gateJson(blockedRun());
    expect(json).not.toContain('"type": "Buffer"');
    const files = [...json.matchAll(/"(authentication|landing)Page": "([^"]+)"/g)].map((match) => match[2]).sort();
    expect(files).toEqual([
      'screenshots/production/candidate-challenge-completed-authentication.png',
      'screenshots/production/candidate-challenge-completed-landing.png',
      'screenshots/production/live-challenge-completed-authentication.png',
      'screenshots/production/live-challenge-completed-landing.png',
    ]);
  });

  test('a stopped run keeps why it stopped and what was judged before', () => {
    const parsed = JSON.parse(gateJson(infrastructureRun()));
    expect(parsed).toMatchObject({ verdict: 'undecided', stopped: { kind: 'infrastructure', code: 'terraform_failed', environment: 'staging' } });
    expect(parsed.environments.map((report: { environment: string }) => report.environment)).toEqual(['production']);
  });
});
