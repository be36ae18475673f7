/**
 * Runs journeys through the real checkout library, as a customer would: the card is tokenised
 * with the publishable key, the backend code pays, the browser answers any challenge and follows
 * the customer back to the shop, and the backend code resumes. Each journey records what the
 * customer experienced (checks/experience.ts); the verdict judges that against the expectation
 * table, not raw API fields.
 */
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { minimumChargeAmount } from '../config';
import {
  createStripeClient,
  type Checkout,
  type CheckoutOutcome,
  type PaymentRequest,
  type RuntimeDocument,
  type StripeEndpoint,
} from '../runtime';
import type { AuthenticationResult, CustomerBrowser } from './browser';
import { REPOSITORY_RUNTIME, type CheckoutRuntime } from './checkout-runtime';
import { exampleShopRuntime, loadExampleShop } from './loopback-shop';
import { describeExperience, movesMoney, type Experience, type JourneyEvidence, type Landing } from './experience';
import { describeExpectation, type Expectation, type Journey } from './journeys';
import type { JourneyResult, Verdict } from './result';
import type { ShopRoute } from './shop-route';
import { firstLine, tokeniseCard, verdictOnError } from './stripe-calls';

/** The shop customers return to after a challenge. */
export interface ShopTarget {
  /** The environment's declared shop origins (config `shop.origins`); the customer is refused anywhere else. */
  origins: readonly string[];
  /**
   * 'loopback': the example shop (examples/shop), started for this run with the document being
   * judged, answers for those origins (embedded default; nothing leaves the machine).
   * 'network': the real shop answers (real targets).
   */
  answeredBy: 'loopback' | 'network';
}

export interface JourneyRunContext {
  document: RuntimeDocument;
  /** Secret (or restricted) key of the document's key set. */
  secretKey: string;
  endpoint?: StripeEndpoint;
  browser: CustomerBrowser;
  /** Default: the return URL's own origin, answered by the loopback shop (so only its path is judged, and nothing leaves loopback). */
  shop?: ShopTarget;
  /** Amount per journey in minor units; default journeyAmount(the document's currency). */
  amount?: number;
  /** Per-request timeout for Stripe calls; default the runtime's (20 s). A hung Stripe costs this times the retries. */
  stripeTimeoutMs?: number;
  /** Screenshots of each authentication page and landing page, for the reports; default false (they cost time). */
  evidence?: boolean;
  /**
   * The stripe-config runtime the checkout (the runner's backend calls and the loopback shop) runs
   * on. Default: with the loopback shop, the package examples/shop has installed (the repository's
   * runtime, packed: checks/loopback-shop.ts); with the real shop, the repository's. The gate passes
   * the release an environment's checkout service runs.
   */
  runtime?: CheckoutRuntime;
  /** Told once the loopback shop is up, before the first journey (awaited): e.g. to ask its GET /healthz which runtime it runs. */
  onShop?: (shop: { url: string }) => Promise<void> | void;
  /** Told when each journey starts (no result yet) and when it ends, for a progress view: the runner never prints. */
  onJourney?: (journey: Journey, result?: JourneyResult) => void;
}

/** What a journey pays when the caller names no amount: 4200 minor units (€42.00, ¥4,200). */
export const DEFAULT_JOURNEY_AMOUNT = 4200;

/**
 * A journey's amount in `currency`: DEFAULT_JOURNEY_AMOUNT, or Stripe's minimum charge where that is
 * higher (huf: 17500, i.e. 175.00 Ft). Below it Stripe refuses every payment (400 amount_too_small),
 * so every journey of a shop in that currency would fail, its settings fine. A currency without a
 * row in Stripe's table is bound by the settlement currency's minimum after conversion, which no
 * table says: it keeps the default, and Stripe's refusal, if any, is each journey's reported error.
 */
export function journeyAmount(currency: string): number {
  return Math.max(DEFAULT_JOURNEY_AMOUNT, minimumChargeAmount(currency) ?? 0);
}

export async function runJourneys(journeys: readonly Journey[], context: JourneyRunContext): Promise<JourneyResult[]> {
  const client = { apiVersion: context.document.stripe.apiVersion, endpoint: context.endpoint, timeoutMs: context.stripeTimeoutMs };
  const target = context.shop ?? { origins: [new URL(context.document.payments.returnUrl).origin], answeredBy: 'loopback' };
  // With the loopback shop, the backend calls run on the very package the shop imports, so the whole journey is the packaged runtime.
  const runtime = context.runtime ?? (target.answeredBy === 'loopback' ? exampleShopRuntime() : REPOSITORY_RUNTIME);
  const server = runtime.createStripeClient({ ...client, secretKey: context.secretKey });
  // The customer's browser tokenises the card (Stripe.js): no part of the checkout service's runtime.
  const frontEnd = createStripeClient({ ...client, secretKey: context.document.stripe.publishableKey });
  const checkout = runtime.createCheckout({ document: context.document, stripe: server });
  const shop = await openShop(target, context);
  try {
    const run: Run = { context, frontEnd, server, checkout, shop: shop.route };
    const results: JourneyResult[] = [];
    // One at a time: journeys share one browser, and Stripe test mode limits request rates.
    for (const journey of journeys) {
      const started = Date.now();
      context.onJourney?.(journey);
      const expectation = inSettingsCurrency(journey.expect(context.document.payments), context.document.payments.currency);
      const observed = await observe(journey, run);
      const result: JourneyResult = {
        journey: journey.id,
        title: journey.title,
        expected: describeExpectation(expectation),
        actual: observed.description ?? describeExperience(observed.experience),
        verdict: observed.verdict ?? judge(expectation, observed.experience, target),
        durationMs: Date.now() - started,
        experience: observed.experience,
        ...(observed.evidence && Object.keys(observed.evidence).length > 0 ? { evidence: observed.evidence } : {}),
      };
      results.push(result);
      context.onJourney?.(journey, result);
    }
    return results;
  } finally {
    await shop.close();
  }
}

/** Where money moves, the customer is charged in the settings' currency: part of what is expected, and judged. */
function inSettingsCurrency(expectation: Expectation, currency: string): Expectation {
  return movesMoney(expectation.status) ? { ...expectation, currency } : expectation;
}

/**
 * The loopback shop runs the document being judged with the same key, as the shop would once it is
 * deployed, on the runtime it imports itself (the installed package) unless a release is given.
 */
async function openShop(target: ShopTarget, context: JourneyRunContext): Promise<{ route: ShopRoute; close(): Promise<void> }> {
  if (target.answeredBy === 'network') return { route: { origins: target.origins }, close: async () => undefined };
  const startShop = await loadExampleShop();
  type ShopRuntime = NonNullable<Parameters<typeof startShop>[0]['runtime']>;
  const shop = await startShop({
    config: { get: async () => ({ document: context.document }) },
    keys: async () => ({ secretKey: context.secretKey }),
    stripeEndpoint: context.endpoint,
    // The shop is typed against its installed package, whose stripe-node declarations are another
    // copy than ours: nominally different types for the same entry points (any release has them).
    ...(context.runtime ? { runtime: context.runtime as unknown as ShopRuntime } : {}),
  });
  try {
    await context.onShop?.({ url: shop.url });
  } catch (error) {
    await shop.close();
    throw error;
  }
  return { route: { origins: target.origins, loopbackUrl: shop.url }, close: () => shop.close() };
}

interface Run {
  context: JourneyRunContext;
  frontEnd: Stripe;
  server: Stripe;
  checkout: Checkout;
  shop: ShopRoute;
}

interface Observation {
  experience: Experience;
  /** In place of the experience's own description when the journey broke before it was complete: says where. */
  description?: string;
  /** Set when the journey is not judged on its experience (errors, a broken step). */
  verdict?: Verdict;
  evidence?: JourneyEvidence;
}

async function observe(journey: Journey, run: Run): Promise<Observation> {
  const { context, checkout, server } = run;
  const amount = context.amount ?? journeyAmount(context.document.payments.currency);
  const metadata = { 'stripe-config-journey': journey.id };
  const idempotencyKey = (step: string) => `stripe-config-check-${journey.id}-${step}-${randomUUID()}`;
  let challenged = false;
  try {
    const paymentMethod = await tokeniseCard(run.frontEnd, journey.card);
    const customerId = journey.offSession ? (await server.customers.create({ metadata }, { idempotencyKey: idempotencyKey('customer') })).id : undefined;
    const present = await payWithCustomerPresent(journey, run, {
      amount,
      paymentMethodId: paymentMethod.id,
      metadata,
      idempotencyKey: idempotencyKey('pay'),
      ...(customerId ? { customerId, saveForOffSession: true } : {}),
    });
    challenged = present.experience.challenged;
    if (present.verdict !== undefined || !journey.offSession) return present;

    const saved = present.experience;
    if (saved.status !== 'paid' && saved.status !== 'authorized') {
      return { ...present, description: `saving the card failed: ${describeExperience(saved)}`, verdict: 'fail' };
    }
    const outcome = await checkout.pay({ amount, paymentMethodId: paymentMethod.id, customerId, offSession: true, metadata, idempotencyKey: idempotencyKey('off-session') });
    return { ...present, experience: await experienceOf(outcome, { challenged, offSession: true, landing: saved.landing }, run) };
  } catch (error) {
    return { experience: { status: 'error', challenged, error: firstLine(error) }, verdict: verdictOnError(error) };
  }
}

/** The customer pays at the checkout and answers any challenge in the browser, which follows them back to the shop; the backend then resumes. */
async function payWithCustomerPresent(journey: Journey, run: Run, request: PaymentRequest): Promise<Observation> {
  const outcome = await run.checkout.pay(request);
  if (outcome.status !== 'needs_authentication') return { experience: await experienceOf(outcome, { challenged: false }, run) };
  if (!outcome.redirectUrl) {
    const description = 'needs authentication without a redirect URL (use_stripe_sdk)';
    return { experience: { status: 'error', challenged: true, error: description }, description, verdict: 'fail' };
  }
  const returnUrl = run.context.document.payments.returnUrl;
  let back: AuthenticationResult;
  try {
    back = await run.context.browser.authenticate({
      url: outcome.redirectUrl,
      action: journey.onChallenge,
      returnUrl,
      shop: run.shop,
      screenshots: run.context.evidence ?? false,
    });
  } catch (error) {
    const description = `browser step failed: ${firstLine(error)}`;
    return { experience: { status: 'error', challenged: true, error: description }, description, verdict: 'inconclusive' };
  }
  const { landing, evidence } = back;
  const returnedIntent = back.returnedTo.searchParams.get('payment_intent');
  if (returnedIntent !== outcome.paymentIntentId) {
    const description = `returned with payment_intent=${returnedIntent ?? 'none'}, expected ${outcome.paymentIntentId}`;
    return { experience: { status: 'error', challenged: true, landing, error: description }, description, verdict: 'fail', evidence };
  }
  const resumed = await run.checkout.resume(outcome.paymentIntentId);
  return { experience: await experienceOf(resumed, { challenged: true, landing }, run), evidence };
}

/**
 * What the customer experienced. Where money moved, the currency is read back from Stripe's
 * PaymentIntent rather than taken from the settings: a checkout that charged in another currency
 * than configured is what the check must catch, and a change of currency must show as one.
 */
async function experienceOf(outcome: CheckoutOutcome, seen: { challenged: boolean; offSession?: boolean; landing?: Landing }, run: Run): Promise<Experience> {
  const declineCode = outcome.status === 'declined' ? (outcome.declineCode ?? outcome.code) : undefined;
  const customerMessage = 'customerMessage' in outcome ? outcome.customerMessage : undefined;
  const currency = movesMoney(outcome.status) && outcome.paymentIntentId ? (await run.server.paymentIntents.retrieve(outcome.paymentIntentId)).currency : undefined;
  return {
    status: outcome.status,
    ...(currency ? { currency } : {}),
    challenged: seen.challenged,
    ...(declineCode ? { declineCode } : {}),
    ...(customerMessage ? { customerMessage } : {}),
    ...(seen.offSession ? { offSession: true } : {}),
    ...(seen.landing ? { landing: seen.landing } : {}),
  };
}

/** Meets the expectation for its own settings, and a challenged customer got back to a shop page that answered. */
function judge(expectation: Expectation, experience: Experience, shop: ShopTarget): Verdict {
  if (experience.status !== expectation.status) return 'fail';
  if (expectation.currency !== undefined && experience.currency !== expectation.currency) return 'fail';
  if (expectation.challenged !== undefined && expectation.challenged !== experience.challenged) return 'fail';
  if (expectation.declineCode && experience.declineCode !== expectation.declineCode) return 'fail';
  if (!experience.challenged) return 'pass';
  if (!experience.landing) return 'fail';
  if (experience.landing.answered) return 'pass';
  return loopbackFailed(experience.landing, shop) ? 'inconclusive' : 'fail';
}

/**
 * On the embedded default a 5xx or no answer at all comes from the loopback shop itself (its Stripe
 * calls failed, as under injected faults), which says nothing about the config: doubt, not a
 * verdict. A 404 or a refused host is the config's doing, and fails.
 */
function loopbackFailed(landing: Landing, shop: ShopTarget): boolean {
  if (shop.answeredBy !== 'loopback') return false;
  return (landing.httpStatus ?? 0) >= 500 || /^(network|timed out)/.test(landing.problem ?? '');
}
