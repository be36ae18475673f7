import { gateHtml, gateJson, gateMarkdown } from '../../../reports';
import { passRun } from '../../helpers/gate-runs';

/** The pass run of a live-mode environment: its journeys ran in test mode with these keys of the same account. */
function liveModeRun() {
  const run = passRun();
  run.environments[0].testMode = {
    publishableKey: 'pk_test_51LocalProductionPublishable',
    keySet: 'production-test-2026-11',
    keySetSecretId: 'stripe-config/production/key-sets/production-test-2026-11',
  };
  return run;
}

const NOTE = "Live mode: the journeys ran these settings in Stripe test mode, with the same account's key set production-test-2026-11 and pk_test_51LocalProductionPublishable.";

describe('a live-mode environment in the reports', () => {
  test('the pull request comment and the HTML page say the journeys ran in test mode, and with which keys', () => {
    expect(gateMarkdown(liveModeRun())).toContain(`\n${NOTE}\n`);
    expect(gateHtml(liveModeRun())).toContain(`<p>${NOTE.replace("'", '&#39;')}</p>`);
  });

  test('gate.json carries it as data', () => {
    expect(JSON.parse(gateJson(liveModeRun())).environments[0].testMode).toMatchObject({ keySet: 'production-test-2026-11' });
  });

  test('a test-mode environment has no such note', () => {
    expect(gateMarkdown(passRun())).not.toContain('Live mode:');
    expect(gateHtml(passRun())).not.toContain('Live mode:');
  });
});
