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
  type CheckoutOutcome,
  type RuntimeDocument,
  type StripeEndpoint,
} from '../runtime';
import type { CustomerBrowser } from './browser';
import { describeExpectation, type Expectation, type Journey } from './journeys';
import { firstLine, tokeniseCard, verdictOnError } from './stripe-calls';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface JourneyResult {
  journey: string;
  title: string;
  expected: string;
  /** What happened, e.g. "paid after challenge" or "error: No such payment_method". */
  actual: string;
  verdict: Verdict;
  durationMs: number;
}

export interface JourneyRunContext {
  document: RuntimeDocument;
  /** Secret (or restricted) key of the document's key set. */
  secretKey: string;
  endpoint?: StripeEndpoint;
  browser: CustomerBrowser;
  /** Amount per journey in minor units; default 4200. */
  amount?: number;
}

export async function runJourneys(journeys: readonly Journey[], context: JourneyRunContext): Promise<JourneyResult[]> {
  const server = createStripeClient({ secretKey: context.secretKey, apiVersion: context.document.stripe.apiVersion, endpoint: context.endpoint });
  const frontEnd = createStripeClient({
    secretKey: context.document.stripe.publishableKey,
    apiVersion: context.document.stripe.apiVersion,
    endpoint: context.endpoint,
  });
  const checkout = createCheckout({ document: context.document, stripe: server });
  const results: JourneyResult[] = [];
  // One at a time: journeys share one browser, and Stripe test mode limits request rates.
  for (const journey of journeys) {
    const started = Date.now();
    const expectation = journey.expect(context.document.payments);
    const observed = await observe(journey, context, frontEnd, checkout);
    results.push({
      journey: journey.id,
      title: journey.title,
      expected: describeExpectation(expectation),
      actual: observed.description,
      verdict: observed.verdict ?? judge(expectation, observed),
      durationMs: Date.now() - started,
    });
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
  checkout: ReturnType<typeof createCheckout>,
): Promise<Observation> {
  let challenged = false;
  try {
    const paymentMethod = await tokeniseCard(frontEnd, journey.card);
    let outcome = await checkout.pay({
      amount: context.amount ?? 4200,
      paymentMethodId: paymentMethod.id,
      idempotencyKey: `stripe-config-check-${journey.id}-${randomUUID()}`,
      metadata: { 'stripe-config-journey': journey.id },
    });
    if (outcome.status === 'needs_authentication') {
      challenged = true;
      if (!outcome.redirectUrl) {
        return { challenged, description: 'needs authentication without a redirect URL (use_stripe_sdk)', verdict: 'fail' };
      }
      let returned: URL;
      try {
        returned = await context.browser.authenticate({ url: outcome.redirectUrl, action: journey.onChallenge, returnUrl: context.document.payments.returnUrl });
      } catch (error) {
        return { challenged, description: `browser step failed: ${firstLine(error)}`, verdict: 'inconclusive' };
      }
      const returnedIntent = returned.searchParams.get('payment_intent');
      if (returnedIntent !== outcome.paymentIntentId) {
        return { challenged, description: `returned with payment_intent=${returnedIntent ?? 'none'}, expected ${outcome.paymentIntentId}`, verdict: 'fail' };
      }
      outcome = await checkout.resume(outcome.paymentIntentId);
    }
    return { outcome, challenged, description: describeOutcome(outcome, challenged) };
  } catch (error) {
    return { challenged, description: `error: ${firstLine(error)}`, verdict: verdictOnError(error) };
  }
}

function judge(expectation: Expectation, observed: Observation): Verdict {
  const outcome = observed.outcome;
  if (!outcome || outcome.status !== expectation.status) return 'fail';
  if (expectation.challenged !== undefined && expectation.challenged !== observed.challenged) return 'fail';
  if (expectation.declineCode && (outcome.status !== 'declined' || outcome.declineCode !== expectation.declineCode)) return 'fail';
  return 'pass';
}

function describeOutcome(outcome: CheckoutOutcome, challenged: boolean): string {
  const detail = outcome.status === 'declined' ? ` (${outcome.declineCode ?? outcome.code})` : '';
  return `${outcome.status}${detail}${challenged ? ' after challenge' : ' without challenge'}`;
}

