import type { JourneyResult, Verdict } from '../../../checks';
import { canaryStatus } from '../../../ops';

const result = (verdict: Verdict): JourneyResult => ({ journey: verdict, title: verdict, expected: 'paid', actual: 'paid', verdict, durationMs: 1 });

test.each([
  { verdicts: ['pass', 'pass'], status: 'pass' },
  { verdicts: ['pass', 'fail'], status: 'fail' },
  { verdicts: ['inconclusive', 'fail'], status: 'fail' },
  { verdicts: ['pass', 'inconclusive'], status: 'inconclusive' },
  { verdicts: [], status: 'inconclusive' },
] as { verdicts: Verdict[]; status: string }[])('journeys $verdicts make the canary $status', ({ verdicts, status }) => {
  expect(canaryStatus(verdicts.map(result))).toBe(status);
});
