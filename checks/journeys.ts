/**
 * The journey matrix: what a customer does, and what must happen, as a function of the settings.
 * Cards and outcomes follow Stripe's test-card tables (docs.stripe.com/testing: regulatory cards, declined payments).
 */
import type { CheckoutStatus, PaymentSettings } from '../runtime';
import { describeOutcome } from './experience';

export type ChallengeAction = 'complete' | 'fail';

export interface Expectation {
  status: CheckoutStatus;
  /** Whether the customer must see a 3DS challenge; undefined = either is fine. */
  challenged?: boolean;
  declineCode?: string;
  /** The judged payment is the later charge without the customer, not the one that saved the card. */
  offSession?: boolean;
  /** Where money moves: the settings' currency, which the customer must be charged in (the runner adds it: checks/runner.ts). */
  currency?: string;
}

export interface Journey {
  id: string;
  title: string;
  /** Card number the customer types (a PaymentMethod is created with the publishable key, as Stripe.js does). */
  card: string;
  /** What the customer does on the challenge page if one appears. */
  onChallenge: ChallengeAction;
  /** Part of the smoke subset run after deploy and rollback. */
  smoke: boolean;
  /**
   * The customer pays and saves the card (answering any challenge), then the shop charges the saved
   * card again without them; that second charge is judged. `challenged` is about the first payment.
   */
  offSession?: boolean;
  expect(settings: PaymentSettings): Expectation;
}

/** Success is "paid", or "authorized" when the shop captures manually. */
const success = (settings: PaymentSettings): CheckoutStatus => (settings.captureMethod === 'manual' ? 'authorized' : 'paid');

export const JOURNEYS: readonly Journey[] = [
  {
    id: 'frictionless',
    title: 'Frictionless payment (4242, no 3DS required)',
    card: '4242424242424242',
    onChallenge: 'complete',
    smoke: true,
    // With 'automatic' Stripe only challenges cards that require it; 'any'/'challenge' may challenge any 3DS card.
    expect: (settings) => ({ status: success(settings), ...(settings.threeDSecure === 'automatic' ? { challenged: false } : {}) }),
  },
  {
    id: 'challenge-completed',
    title: '3DS challenge completed (3220)',
    card: '4000000000003220',
    onChallenge: 'complete',
    smoke: true,
    expect: (settings) => ({ status: success(settings), challenged: true }),
  },
  {
    id: 'challenge-failed',
    title: '3DS challenge failed (3220)',
    card: '4000000000003220',
    onChallenge: 'fail',
    smoke: false,
    expect: () => ({ status: 'authentication_failed', challenged: true }),
  },
  {
    id: 'declined',
    title: 'Card declined (0002, generic_decline)',
    card: '4000000000000002',
    onChallenge: 'complete',
    smoke: true,
    expect: () => ({ status: 'declined', challenged: false, declineCode: 'generic_decline' }),
  },
  {
    id: 'insufficient-funds',
    title: 'Card declined (9995, insufficient_funds)',
    card: '4000000000009995',
    onChallenge: 'complete',
    smoke: false,
    expect: () => ({ status: 'declined', challenged: false, declineCode: 'insufficient_funds' }),
  },
  {
    id: 'authenticated-then-declined',
    title: '3DS completed, then declined (1629)',
    card: '4000008400001629',
    onChallenge: 'complete',
    smoke: false,
    expect: () => ({ status: 'declined', challenged: true }),
  },
  {
    id: 'off-session-saved-card',
    title: 'Card saved with 3DS, charged later off-session (3155)',
    card: '4000002500003155',
    onChallenge: 'complete',
    smoke: false,
    offSession: true,
    // Authenticated once when saved, later merchant-initiated charges go through (facts: 3155 off-session).
    expect: (settings) => ({ status: success(settings), challenged: true, offSession: true }),
  },
  {
    id: 'off-session-needs-customer',
    title: 'Saved card that always needs 3DS, charged off-session (3184)',
    card: '4000002760003184',
    onChallenge: 'complete',
    smoke: false,
    offSession: true,
    // The bank wants authentication on every charge: the shop must bring the customer back (facts: 3184).
    expect: () => ({ status: 'needs_customer', challenged: true, offSession: true }),
  },
  {
    id: 'optional-3ds',
    title: '3DS supported, not required (3055)',
    card: '4000000000003055',
    onChallenge: 'complete',
    smoke: false,
    // Makes the 3DS policy visible: frictionless under 'automatic' (Radar does not request 3DS for it),
    // challenged once 'any' or 'challenge' asks for 3DS (facts: test cards, 3055; docs.stripe.com/testing#regulatory-cards).
    expect: (settings) => ({ status: success(settings), challenged: settings.threeDSecure !== 'automatic' }),
  },
  {
    id: 'no-3ds-support',
    title: 'Card without 3DS support (Amex 378282246310005)',
    card: '378282246310005',
    onChallenge: 'complete',
    smoke: false,
    // 3DS not supported: the payment proceeds without authentication even when the policy asks for it
    // (facts: test cards, 378282246310005; docs.stripe.com/testing#regulatory-cards).
    expect: (settings) => ({ status: success(settings), challenged: false }),
  },
];

/** One wording for what was expected and what happened, so the report's columns compare at a glance. */
export function describeExpectation(payment: Expectation): string {
  const outcome = describeOutcome(payment);
  if (payment.offSession) {
    const saved = payment.challenged === undefined ? '' : payment.challenged ? ', card saved after challenge' : ', card saved without challenge';
    return `${outcome} off-session${saved}`;
  }
  const challenge = payment.challenged === undefined ? '' : payment.challenged ? ' after challenge' : ' without challenge';
  return `${outcome}${challenge}`;
}
