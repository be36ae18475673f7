import type { GateProgressEvent } from '../../../ops/gate';
import { describeProgress } from '../../../reports';
import { blockedRun, journey, EXPERIENCES } from '../../helpers/gate-runs';

describe('describeProgress (plain lines for CI logs)', () => {
  const [report] = blockedRun().environments;

  test.each<[GateProgressEvent, string]>([
    [{ type: 'gate-started', environments: ['staging', 'production'] }, '[gate] gating staging, production'],
    [{ type: 'environment-started', environment: 'production' }, '[gate] production: started'],
    [{ type: 'plan-started', environment: 'production' }, '[gate] production: plan started'],
    [{ type: 'plan-done', environment: 'production', plan: { changed: true, add: 2, change: 0, destroy: 0, replace: 0, changes: [] } }, '[gate] production: plan done (2 to add)'],
    [{ type: 'plan-done', environment: 'production', plan: { changed: false, add: 0, change: 0, destroy: 0, replace: 0, changes: [] } }, '[gate] production: plan done (no changes)'],
    [
      {
        type: 'journey-done',
        environment: 'production',
        side: 'live',
        result: journey({ journey: 'frictionless', title: 'Frictionless payment', expected: 'paid without challenge', verdict: 'pass', experience: EXPERIENCES.paid, durationMs: 180 }),
      },
      '[gate] production: live Frictionless payment: pass (180 ms)',
    ],
    [{ type: 'environment-judged', environment: 'production', report }, '[gate] production: blocked (1 regression)'],
  ])('%o → %s', (event, line) => {
    expect(describeProgress(event)).toBe(line);
  });

  test('a journey starting is not logged: the line when it is done says it all', () => {
    expect(describeProgress({ type: 'journey-started', environment: 'production', side: 'candidate', journey: 'frictionless', title: 'Frictionless payment' })).toBeUndefined();
  });
});
