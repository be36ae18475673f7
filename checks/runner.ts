/**
 * Runs journeys through the real checkout library, as a customer would: the card is tokenised
 * with the publishable key, the backend code pays, the browser answers any challenge, and the
 * backend code resumes. The verdict judges the journey's outcome, not raw API fields.
 */
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import {
  createCheckout,
  createStripeClient,
  type Checkout,
  type CheckoutOutcome,
  type PaymentRequest,
  type RuntimeDocument,
  type StripeEndpoint,
} from '../runtime';
import type { CustomerBrowser } from './browser';
import { describeExpectation, type Expectation, type Journey } from './journeys';
import type { JourneyResult, Verdict } from './result';
import { firstLine, tokeniseCard, verdictOnError } from './stripe-calls';

export interface JourneyRunContext {
  document: RuntimeDocument;
  /** Secret (or restricted) key of the document's key set. */
  secretKey: string;
  endpoint?: StripeEndpoint;
  browser: CustomerBrowser;
  /** Amount per journey in minor units; default 4200. */
  amount?: number;
  /** Per-request timeout for Stripe calls; default the runtime's (20 s). A hung Stripe costs this times the retries. */
  stripeTimeoutMs?: number;
  /** Told when each journey starts (no result yet) and when it ends, for a progress view: the runner never prints. */
  onJourney?: (journey: Journey, result?: JourneyResult) => void;
}

export async function runJourneys(journeys: readonly Journey[], context: JourneyRunContext): Promise<JourneyResult[]> {
  const client = { apiVersion: context.document.stripe.apiVersion, endpoint: context.endpoint, timeoutMs: context.stripeTimeoutMs };
  const server = createStripeClient({ ...client, secretKey: context.secretKey });
  const frontEnd = createStripeClient({ ...client, secretKey: context.document.stripe.publishableKey });
  const checkout = createCheckout({ document: context.document, stripe: server });
  const results: JourneyResult[] = [];
  // One at a time: journeys share one browser, and Stripe test mode limits request rates.
  for (const journey of journeys) {
    const started = Date.now();
    context.onJourney?.(journey);
    const expectation = journey.expect(context.document.payments);
    const observed = await observe(journey, context, frontEnd, server, checkout);
    const result: JourneyResult = {
      journey: journey.id,
      title: journey.title,
      expected: describeExpectation(expectation),
      actual: observed.description,
      verdict: observed.verdict ?? judge(expectation, observed),
      durationMs: Date.now() - started,
    };
    results.push(result);
    context.onJourney?.(journey, result);
  }
  return results;
}

interface Observation {
  outcome?: CheckoutOutcome;
  challenged: boolean;
  description: string;
  /** Set when the journey could not be judged on its outcome (errors). */
  verdict?: Verdict;
}

async function observe(
  journey: Journey,
  context: JourneyRunContext,
  frontEnd: Stripe,
  server: Stripe,
  checkout: Checkout,
): Promise<Observation> {
  const amount = context.amount ?? 4200;
  const metadata = { 'stripe-config-journey': journey.id };
  const idempotencyKey = (step: string) => `stripe-config-check-${journey.id}-${step}-${randomUUID()}`;
  let challenged = false;
  try {
    const paymentMethod = await tokeniseCard(frontEnd, journey.card);
    const customerId = journey.offSession ? (await server.customers.create({ metadata }, { idempotencyKey: idempotencyKey('customer') })).id : undefined;
    const present = await payWithCustomerPresent(journey, context, checkout, {
      amount,
      paymentMethodId: paymentMethod.id,
      metadata,
      idempotencyKey: idempotencyKey('pay'),
      ...(customerId ? { customerId, saveForOffSession: true } : {}),
    });
    challenged = present.challenged;
    if (present.verdict !== undefined || !journey.offSession) return present;

    const saved = present.outcome!;
    if (saved.status !== 'paid' && saved.status !== 'authorized') {
      return { ...present, description: `saving the card failed: ${present.description}`, verdict: 'fail' };
    }
    const outcome = await checkout.pay({ amount, paymentMethodId: paymentMethod.id, customerId, offSession: true, metadata, idempotencyKey: idempotencyKey('off-session') });
    return { outcome, challenged, description: describeOutcome(outcome, challenged, true) };
  } catch (error) {
    return { challenged, description: `error: ${firstLine(error)}`, verdict: verdictOnError(error) };
  }
}

/** The customer pays at the checkout and answers any challenge in the browser; the backend then resumes. */
async function payWithCustomerPresent(journey: Journey, context: JourneyRunContext, checkout: Checkout, request: PaymentRequest): Promise<Observation> {
  let outcome = await checkout.pay(request);
  if (outcome.status !== 'needs_authentication') return { outcome, challenged: false, description: describeOutcome(outcome, false) };
  if (!outcome.redirectUrl) {
    return { challenged: true, description: 'needs authentication without a redirect URL (use_stripe_sdk)', verdict: 'fail' };
  }
  let returned: URL;
  try {
    returned = await context.browser.authenticate({ url: outcome.redirectUrl, action: journey.onChallenge, returnUrl: context.document.payments.returnUrl });
  } catch (error) {
    return { challenged: true, description: `browser step failed: ${firstLine(error)}`, verdict: 'inconclusive' };
  }
  const returnedIntent = returned.searchParams.get('payment_intent');
  if (returnedIntent !== outcome.paymentIntentId) {
    return { challenged: true, description: `returned with payment_intent=${returnedIntent ?? 'none'}, expected ${outcome.paymentIntentId}`, verdict: 'fail' };
  }
  outcome = await checkout.resume(outcome.paymentIntentId);
  return { outcome, challenged: true, description: describeOutcome(outcome, true) };
}

function judge(expectation: Expectation, observed: Observation): Verdict {
  const outcome = observed.outcome;
  if (!outcome || outcome.status !== expectation.status) return 'fail';
  if (expectation.challenged !== undefined && expectation.challenged !== observed.challenged) return 'fail';
  if (expectation.declineCode && (outcome.status !== 'declined' || outcome.declineCode !== expectation.declineCode)) return 'fail';
  return 'pass';
}

function describeOutcome(outcome: CheckoutOutcome, challenged: boolean, offSession = false): string {
  const declineCode = outcome.status === 'declined' ? (outcome.declineCode ?? outcome.code) : undefined;
  return describeExpectation({ status: outcome.status, challenged, offSession, ...(declineCode ? { declineCode } : {}) });
}

