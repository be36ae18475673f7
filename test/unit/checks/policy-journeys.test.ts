/** The journeys that make a 3DS policy change visible (facts: test cards 3055 and 378282246310005). */
import { describeExpectation, JOURNEYS } from '../../../checks';
import type { ThreeDSecurePolicy } from '../../../runtime';
import { sampleEnvironment } from '../../helpers/environments';

const payments = sampleEnvironment('production').rendered.document.payments;
const expected = (id: string, threeDSecure: ThreeDSecurePolicy, captureMethod = payments.captureMethod) =>
  describeExpectation(JOURNEYS.find((journey) => journey.id === id)!.expect({ ...payments, threeDSecure, captureMethod }));

test.each<[ThreeDSecurePolicy, string]>([
  ['automatic', 'paid without challenge'],
  ['any', 'paid after challenge'],
  ['challenge', 'paid after challenge'],
])("the 3DS-optional card (3055) under '%s': %s", (policy, expectation) => {
  expect(expected('optional-3ds', policy)).toBe(expectation);
});

test.each<ThreeDSecurePolicy>(['automatic', 'any', 'challenge'])("the Amex card without 3DS support is paid without a challenge under '%s'", (policy) => {
  expect(expected('no-3ds-support', policy)).toBe('paid without challenge');
});

test('with manual capture both end authorised', () => {
  expect(expected('optional-3ds', 'challenge', 'manual')).toBe('authorized after challenge');
  expect(expected('no-3ds-support', 'challenge', 'manual')).toBe('authorized without challenge');
});

test('they stay out of the smoke subset: they judge a policy, not whether checkout works', () => {
  expect(JOURNEYS.filter((journey) => ['optional-3ds', 'no-3ds-support'].includes(journey.id)).map((journey) => journey.smoke)).toEqual([false, false]);
});
