import { sampleEnvironment } from '../../helpers/environments';
import { compareRuntimes, describeExperience, REPOSITORY_RUNTIME, refusalOf, RUNTIME_ACCEPTS_ID, type Experience, type JourneyResult, type Verdict } from '../../../checks';

const paid: Experience = { status: 'paid', challenged: false };
const paidAfterChallenge: Experience = { status: 'paid', challenged: true, landing: { url: 'https://shop.example.com/checkout/return', answered: true, httpStatus: 200 } };
const declined: Experience = { status: 'declined', challenged: false, declineCode: 'generic_decline' };

function result(journey: string, verdict: Verdict, experience: Experience): JourneyResult {
  return { journey, title: `Journey ${journey}`, expected: 'paid without challenge', actual: describeExperience(experience), verdict, durationMs: 1, experience };
}

const LIVE = sampleEnvironment('staging').rendered.json;

const versions = { deployed: { version: '0.1.0-main.9198eff', origin: 'tarball vendor/old.tgz' }, repository: { version: '0.1.0' } };

describe('compareRuntimes: the candidate on the checkout service runtime against the repository runtime', () => {
  test('a document the deployed runtime refuses is one regression naming both versions and the way out', () => {
    const { skew, rows } = compareRuntimes({
      ...versions,
      refusal: 'schema version 2 is newer than this runtime understands (1); upgrade stripe-config/runtime to a release that understands it',
      repositoryResults: [result('frictionless', 'pass', paid)],
    });
    const summary =
      'the checkout service runs stripe-config runtime 0.1.0-main.9198eff (tarball vendor/old.tgz), which refuses this document: schema version 2 is newer than this runtime understands (1); upgrade stripe-config/runtime to a release that understands it; the repository\'s runtime 0.1.0 accepts it. Deploy the checkout service with stripe-config ≥ 0.1.0 first.';
    expect(skew).toEqual({ ...versions, verdict: 'regression', refusal: expect.stringMatching(/^schema version 2/), summary });
    expect(rows).toEqual([
      expect.objectContaining({ journey: RUNTIME_ACCEPTS_ID, title: 'Checkout service on stripe-config runtime 0.1.0-main.9198eff', verdict: 'regression', explanation: summary }),
    ]);
    expect(rows[0].candidate).toMatchObject({ verdict: 'fail', actual: expect.stringMatching(/^refuses the document: schema version 2/) });
  });

  test('the same journeys on both runtimes add no rows', () => {
    const same = [result('frictionless', 'pass', paid), result('declined', 'pass', declined)];
    const { skew, rows } = compareRuntimes({ ...versions, repositoryResults: same, deployedResults: same.map((r) => ({ ...r, durationMs: 7 })) });
    expect(rows).toEqual([]);
    expect(skew.verdict).toBe('same');
    expect(skew.summary).toMatch(/handles this document as the repository's runtime 0.1.0 does/);
  });

  test('a journey that breaks only on the deployed runtime is a regression with both outcomes and both versions', () => {
    const { skew, rows } = compareRuntimes({
      ...versions,
      repositoryResults: [result('challenge-completed', 'pass', paidAfterChallenge)],
      deployedResults: [result('challenge-completed', 'fail', declined)],
    });
    expect(skew.verdict).toBe('regression');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ journey: 'challenge-completed@runtime', verdict: 'regression', baseline: { verdict: 'pass' }, candidate: { verdict: 'fail' } });
    expect(rows[0].explanation).toBe(
      "the checkout service runs stripe-config runtime 0.1.0-main.9198eff (tarball vendor/old.tgz). With the repository's runtime 0.1.0: paid after challenge, back at https://shop.example.com/checkout/return; with 0.1.0-main.9198eff: declined (generic_decline) without challenge (expected paid without challenge). Deploy the checkout service with stripe-config ≥ 0.1.0 first.",
    );
  });

  test.each([
    ['works differently but works: a change to accept', result('a', 'pass', paid), result('a', 'pass', paidAfterChallenge), 'changed'],
    ['could not be judged on the deployed runtime', result('a', 'pass', paid), result('a', 'inconclusive', { status: 'error', challenged: false, error: 'rate limited' }), 'inconclusive'],
  ])('%s', (_case, before, after, verdict) => {
    const { skew, rows } = compareRuntimes({ ...versions, repositoryResults: [before], deployedResults: [after] });
    expect(rows.map((row) => row.verdict)).toEqual([verdict]);
    expect(skew.verdict).toBe(verdict);
  });
});

describe('refusalOf: the runtime loader meets the candidate as the checkout service will', () => {
  const live = LIVE;
  test('the repository runtime serves a schema version 2 candidate after the live document', async () => {
    const candidate = JSON.parse(LIVE);
    delete candidate.payments.statementDescriptorSuffix;
    expect(await refusalOf(REPOSITORY_RUNTIME, JSON.stringify({ ...candidate, schemaVersion: 2 }), live)).toBeUndefined();
  });

  test('a version it does not understand is refused in its own words, with or without a live document', async () => {
    const newer = JSON.stringify({ ...JSON.parse(LIVE), schemaVersion: 3 });
    const reason = 'schema version 3 is newer than this runtime understands (1, 2); upgrade stripe-config/runtime to a release that understands it';
    expect(await refusalOf(REPOSITORY_RUNTIME, newer, live)).toBe(reason);
    expect(await refusalOf(REPOSITORY_RUNTIME, newer)).toBe(reason);
  });

  test('an invalid field is named with its path', async () => {
    const invalid = JSON.stringify({ ...JSON.parse(LIVE), payments: { ...JSON.parse(LIVE).payments, threeDSecure: 'sometimes' } });
    expect(await refusalOf(REPOSITORY_RUNTIME, invalid, live)).toMatch(/^\/payments\/threeDSecure must be one of/);
  });
});
