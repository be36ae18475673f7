import { compareBehaviour, describeExperience, sameExperience, type Experience, type JourneyResult, type Verdict } from '../../../checks';
import { decideGate } from '../../../ops/gate-verdict';

const paid: Experience = { status: 'paid', challenged: false };
const paidAfterChallenge: Experience = { status: 'paid', challenged: true, landing: { url: 'https://shop.example.com/checkout/return', answered: true, httpStatus: 200 } };
const stranded: Experience = {
  status: 'paid',
  challenged: true,
  landing: { url: 'https://shop.exmaple.com/checkout/return', answered: false, problem: 'origin not declared by the shop' },
};
const declined: Experience = { status: 'declined', challenged: false, declineCode: 'generic_decline', customerMessage: 'Your card was declined. Try another card.' };

function run(journey: string, verdict: Verdict, experience?: Experience, actual = experience ? describeExperience(experience) : verdict): JourneyResult {
  return { journey, title: journey, expected: 'paid without challenge', actual, verdict, durationMs: 1, ...(experience ? { experience } : {}) };
}

describe('compareBehaviour', () => {
  test.each([
    ['the same experience on both sides', run('a', 'pass', paid), run('a', 'pass', paid), 'unchanged'],
    ['both pass, but customers are now challenged', run('a', 'pass', paid), run('a', 'pass', paidAfterChallenge), 'changed'],
    ['worked live, broken on the candidate', run('a', 'pass', paidAfterChallenge), run('a', 'fail', stranded), 'regression'],
    ['broken live, works on the candidate', run('a', 'fail', stranded), run('a', 'pass', paidAfterChallenge), 'fixed'],
    ['broken on both sides, differently', run('a', 'fail', declined), run('a', 'fail', stranded), 'regression'],
    ['the candidate could not be judged', run('a', 'pass', paid), run('a', 'inconclusive', { status: 'error', challenged: false, error: 'rate limited' }), 'inconclusive'],
    ['the live side could not be judged', run('a', 'inconclusive', { status: 'error', challenged: false, error: '503' }), run('a', 'pass', paid), 'inconclusive'],
    ['a check without an experience whose result changed', run('keys', 'pass', undefined, 'ok'), run('keys', 'fail', undefined, 'belongs to acct_2'), 'regression'],
  ])('%s → %s', (_case, before, after, verdict) => {
    expect(compareBehaviour([after], [before])[0].verdict).toBe(verdict);
  });

  test('without anything live, a working candidate is new and a broken one is failing', () => {
    const rows = compareBehaviour([run('a', 'pass', paid), run('b', 'fail', stranded)]);
    expect(rows.map((row) => row.verdict)).toEqual(['new', 'failing']);
    expect(rows[1].explanation).toContain('stranded at https://shop.exmaple.com/checkout/return (origin not declared by the shop)');
  });

  test('an identical failure on both sides does not block as a change but is marked already failing', () => {
    const [row] = compareBehaviour([run('a', 'fail', stranded)], [run('a', 'fail', stranded)]);
    expect(row).toMatchObject({ verdict: 'unchanged', alreadyFailing: true });
    expect(row.explanation).toMatch(/^already failing on the live settings/);
  });

  test('the same payment in another currency is a change customers notice, and reads as one', () => {
    const inEuros: Experience = { ...paid, currency: 'eur' };
    const inYen: Experience = { ...paid, currency: 'jpy' };
    const [row] = compareBehaviour([{ ...run('frictionless', 'pass', inYen), expected: 'paid in JPY without challenge' }], [run('frictionless', 'pass', inEuros)]);
    expect(row.verdict).toBe('changed');
    expect(row.explanation).toBe('paid in EUR without challenge → paid in JPY without challenge (expected paid in JPY without challenge)');
    // A reviewer must accept it: without --accept the gate does not pass.
    expect(decideGate([row], [], { essential: [] })).toMatchObject({ verdict: 'not-accepted', reasons: [expect.stringContaining('paid in EUR without challenge → paid in JPY')] });
  });

  test('a change is explained from the live experience to the candidate with what the table expected', () => {
    const [row] = compareBehaviour([run('a', 'pass', paidAfterChallenge)], [run('a', 'pass', paid)]);
    expect(row.explanation).toBe('paid without challenge → paid after challenge, back at https://shop.example.com/checkout/return (expected paid without challenge)');
  });
});

describe('sameExperience', () => {
  test('a landing on another page or one that did not answer is a difference', () => {
    const elsewhere: Experience = { ...paidAfterChallenge, landing: { url: 'https://shop.example.com/checkout/returned', answered: false, httpStatus: 404, problem: 'HTTP 404' } };
    expect(sameExperience(paidAfterChallenge, elsewhere)).toBe(false);
    expect(sameExperience(paidAfterChallenge, structuredClone(paidAfterChallenge))).toBe(true);
  });

  test('the currency money moved in is part of the experience', () => {
    expect(sameExperience({ ...paid, currency: 'eur' }, { ...paid, currency: 'jpy' })).toBe(false);
    expect(sameExperience({ ...paid, currency: 'eur' }, { ...paid, currency: 'eur' })).toBe(true);
    expect(describeExperience({ ...paidAfterChallenge, currency: 'huf' })).toBe('paid in HUF after challenge, back at https://shop.example.com/checkout/return');
    expect(describeExperience({ ...paid, offSession: true, challenged: true, currency: 'eur' })).toBe('paid in EUR off-session, card saved after challenge');
  });

  test('what the shop tells a declined customer is part of the experience', () => {
    expect(sameExperience(declined, { ...declined, customerMessage: 'Payment failed.' })).toBe(false);
  });
});
