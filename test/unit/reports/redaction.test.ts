import { gateRunVerdict, gateStop, redactGateRun } from '../../../ops/gate-run';
import { gateHtml, gateJson, gateJUnit, gateMarkdown } from '../../../reports';
import { StripeConfigError } from '../../../runtime/contract';
import { blockedRun } from '../../helpers/gate-runs';

const PLANTED = 'sk_live_PLANTEDk3yMaterialDoNotLeak9876';
const WEBHOOK = 'whsec_PLANTEDsigningSecretDoNotLeak';

describe('no key material reaches a report', () => {
  test('a key planted in every kind of text of a run is masked in all four formats', () => {
    const run = blockedRun();
    const [report] = run.environments;
    report.rows[1].candidate.actual = `error: Invalid API Key provided: ${PLANTED}`;
    report.rows[1].explanation = `paid → error with ${PLANTED}`;
    report.reasons.push(`regression: keys: ${WEBHOOK}`);
    report.changes.push({ path: '/stripe/keySet', before: 'production-2026-10', after: PLANTED });
    report.keySets.push({ keySet: 'production-2026-12', verdict: 'fail', detail: `${PLANTED} belongs to acct_2` });
    const stopped = gateStop(new StripeConfigError('key_material_missing', `key set material ${WEBHOOK} is not JSON`, `Set it without ${PLANTED}`), 'staging');
    const redacted = redactGateRun({ ...run, stopped, verdict: gateRunVerdict(run.environments, stopped) });

    for (const text of [gateMarkdown(redacted), gateJUnit(redacted), gateJson(redacted), gateHtml(redacted)]) {
      expect(text).not.toContain('PLANTED');
      expect(text).toContain('sk_live_…9876');
    }
  });

  test('screenshots are kept as bytes', () => {
    const run = blockedRun();
    const redacted = redactGateRun(run);
    expect(Buffer.isBuffer(redacted.environments[0].rows[1].candidate.evidence?.landingPage)).toBe(true);
    expect(redacted.environments[0].rows[1].candidate.evidence?.landingPage?.equals(run.environments[0].rows[1].candidate.evidence!.landingPage!)).toBe(true);
  });
});
