import { formatCanary } from '../../../cli/output';
import type { CanaryReport } from '../../../ops';

const journey = (verdict: 'pass' | 'fail') => ({
  journey: 'challenge-completed',
  title: '3DS challenge completed (3220)',
  expected: 'paid after challenge',
  actual: verdict === 'pass' ? 'paid after challenge' : 'declined (authentication_required)',
  verdict,
  durationMs: 900,
});

test('nothing deployed: one line, no table', () => {
  expect(formatCanary({ environment: 'staging', status: 'nothing-deployed', results: [] })).toBe(
    'staging: canary nothing deployed yet: no live document to check',
  );
});

test('a failed journey: the version it ran against, the journey, and FAIL on the last line', () => {
  const report: CanaryReport = { environment: 'production', status: 'fail', versionId: 'v7', results: [journey('fail')] };
  const text = formatCanary(report);
  expect(text).toContain('canary production (AWSCURRENT v7, test mode)');
  expect(text).toContain('declined (authentication_required)');
  expect(text.split('\n').at(-1)).toBe('production: canary FAIL: customers meet a journey that does not meet the expectation table');
});

test('an inconclusive canary says it is not a pass', () => {
  const text = formatCanary({ environment: 'staging', status: 'inconclusive', versionId: 'v2', results: [{ ...journey('pass'), verdict: 'inconclusive' }] });
  expect(text.split('\n').at(-1)).toBe('staging: canary INCONCLUSIVE: a journey could not be judged (Stripe or the browser failed); not a pass');
});
