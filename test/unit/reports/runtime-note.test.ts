import { compareRuntimes } from '../../../checks';
import { gateHtml, gateJson, gateJUnit, gateMarkdown } from '../../../reports';
import { passRun } from '../../helpers/gate-runs';

/** A run whose environment declares a checkout service runtime that refuses the candidate. */
function skewedRun() {
  const run = passRun();
  const report = run.environments[0];
  const { skew, rows } = compareRuntimes({
    deployed: { version: '0.1.0-main.9198eff', origin: 'lockfile ../shop/package-lock.json' },
    repository: { version: '0.1.0' },
    refusal: 'schema version 2 is newer than this runtime understands (1); upgrade stripe-config/runtime to a release that understands it',
    repositoryResults: report.rows.map((row) => row.candidate),
  });
  report.rows.push(...rows);
  report.checkoutRuntime = skew;
  report.verdict = 'blocked';
  report.passed = false;
  report.reasons = rows.map((row) => `regression: ${row.title}: ${row.explanation}`);
  run.verdict = 'blocked';
  return { run, summary: skew.summary };
}

describe('runtime version skew in the reports', () => {
  test('the pull request comment and the HTML page say it in one line naming both versions', () => {
    const { run, summary } = skewedRun();
    expect(summary).toMatch(/^the checkout service runs stripe-config runtime 0\.1\.0-main\.9198eff \(lockfile \.\.\/shop\/package-lock\.json\), which refuses this document: .*the repository's runtime 0\.1\.0 accepts it\. Deploy the checkout service with stripe-config ≥ 0\.1\.0 first\.$/);
    expect(gateMarkdown(run)).toContain(`**Checkout service runtime (regression, blocks): ${summary}**`);
    expect(gateHtml(run)).toContain(`<p><strong>Checkout service runtime (regression, blocks): ${summary.replace(/'/g, '&#39;')}</strong></p>`);
  });

  test('JUnit fails the row as a regression; gate.json carries both versions as data', () => {
    const { run } = skewedRun();
    expect(gateJUnit(run)).toMatch(/name="Checkout service on stripe-config runtime 0\.1\.0-main\.9198eff"(?:(?!<\/testcase>)[\s\S])*<failure message="regression: the checkout service runs/);
    expect(JSON.parse(gateJson(run)).environments[0].checkoutRuntime).toMatchObject({ verdict: 'regression', deployed: { version: '0.1.0-main.9198eff' }, repository: { version: '0.1.0' } });
  });

  test('an environment that declares no runtime has no such line', () => {
    expect(gateMarkdown(passRun())).not.toContain('Checkout service runtime');
  });
});
