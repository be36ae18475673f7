import type { BehaviourRow, BehaviourVerdict } from '../../../checks';
import { decideGate, worstVerdict, type KeySetCheck } from '../../../ops/gate-verdict';

function row(journey: string, verdict: BehaviourVerdict): BehaviourRow {
  const candidate = { journey, title: journey, expected: 'paid', actual: 'paid', verdict: 'pass' as const, durationMs: 1 };
  return { journey, title: journey, expected: 'paid', candidate, verdict, alreadyFailing: false, explanation: `${journey} explained` };
}
const essential = ['keys', 'frictionless'];

describe('decideGate', () => {
  test.each<[string, BehaviourVerdict[], string]>([
    ['nothing changes for customers', ['unchanged', 'unchanged'], 'pass'],
    ['a first deploy whose journeys all work', ['new', 'new'], 'pass'],
    ['a journey that worked and now breaks', ['unchanged', 'regression'], 'blocked'],
    ['a first deploy with a broken journey', ['new', 'failing'], 'blocked'],
    ['a change customers would notice, not accepted', ['unchanged', 'changed'], 'not-accepted'],
    ['a fix', ['fixed', 'unchanged'], 'pass'],
    ['a journey nobody could judge', ['unchanged', 'inconclusive'], 'undecided'],
    ['a regression beside an inconclusive journey: the regression is certain', ['regression', 'inconclusive'], 'blocked'],
  ])('%s → %s', (_case, verdicts, expected) => {
    expect(decideGate(verdicts.map((verdict, index) => row(`j${index}`, verdict)), [], { essential }).verdict).toBe(expected);
  });

  test('--accept turns changes into a pass and records which journeys and why', () => {
    const decision = decideGate([row('frictionless', 'changed'), row('declined', 'unchanged')], [], { essential, accept: 'PAY-42: manual capture on purpose' });
    expect(decision).toEqual({ verdict: 'pass', reasons: [], accepted: { reason: 'PAY-42: manual capture on purpose', journeys: ['frictionless'] } });
  });

  test('--accept never accepts a regression', () => {
    expect(decideGate([row('a', 'changed'), row('b', 'regression')], [], { essential, accept: 'looks fine' }).verdict).toBe('blocked');
  });

  test('--allow-inconclusive tolerates a doubtful journey outside the essentials', () => {
    expect(decideGate([row('keys', 'unchanged'), row('frictionless', 'unchanged'), row('insufficient-funds', 'inconclusive')], [], { essential, allowInconclusive: true }).verdict).toBe('pass');
  });

  test('--allow-inconclusive never turns "nothing was judged" into a pass', () => {
    const decision = decideGate([row('a', 'inconclusive'), row('b', 'inconclusive')], [], { essential: [], allowInconclusive: true });
    expect(decision.verdict).toBe('undecided');
    expect(decision.reasons.at(-1)).toMatch(/does not cover .* nor a run where nothing was judged/);
  });

  test('--allow-inconclusive does not cover the keys check or a smoke journey', () => {
    expect(decideGate([row('keys', 'inconclusive'), row('x', 'unchanged')], [], { essential, allowInconclusive: true }).verdict).toBe('undecided');
    expect(decideGate([row('frictionless', 'inconclusive'), row('x', 'unchanged')], [], { essential, allowInconclusive: true }).verdict).toBe('undecided');
  });

  test('a key set that fails its verification blocks, naming it', () => {
    const keySets: KeySetCheck[] = [{ keySet: 'production-2027-01', verdict: 'fail', detail: 'secret key belongs to acct_1LocalStaging, not acct_1LocalProduction' }];
    expect(decideGate([row('a', 'unchanged')], keySets, { essential })).toEqual({
      verdict: 'blocked',
      reasons: ['key set production-2027-01: secret key belongs to acct_1LocalStaging, not acct_1LocalProduction'],
    });
  });
});

test('several environments: blocked over undecided over not-accepted over pass', () => {
  expect(worstVerdict(['pass', 'not-accepted', 'undecided'])).toBe('undecided');
  expect(worstVerdict(['undecided', 'blocked'])).toBe('blocked');
  expect(worstVerdict([])).toBe('pass');
});
