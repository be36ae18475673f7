/**
 * What the customer and the shop experienced in one journey. The gate compares experiences, not
 * verdicts: the same card paying with a challenge where it paid without one is a change customers
 * feel even when both pass their expectation.
 */
import type { CheckoutStatus } from '../runtime';

/** Where the customer was sent after a 3DS challenge, and whether the shop answered there. */
export interface Landing {
  /** Origin and path of the return page; the query is left out (it carries the client secret). */
  url: string;
  /** The shop answered with a page (2xx, or a redirect the browser followed to one). */
  answered: boolean;
  httpStatus?: number;
  /** Why it did not answer, e.g. "HTTP 404", "DNS: ENOTFOUND shop.exmaple.com", "origin not declared by the shop". */
  problem?: string;
}

export interface Experience {
  status: CheckoutStatus | 'error';
  /**
   * The currency the customer was charged in, or has money held in (ISO code, lower case), as Stripe
   * reports the PaymentIntent; set once money moved or is held (paid, authorized, processing). The
   * journeys' outcomes alone would read the same in euros and in yen.
   */
  currency?: string;
  /** The customer saw a 3DS challenge (for off-session journeys: when the card was saved). */
  challenged: boolean;
  declineCode?: string;
  /** What the shop tells the customer: decline, failed authentication, or "come back". */
  customerMessage?: string;
  /** The judged payment was a later charge without the customer. */
  offSession?: boolean;
  landing?: Landing;
  /** First line of the error when `status` is 'error'. */
  error?: string;
}

/** Screenshots a reviewer can look at: the authentication page before the click, and where the customer landed. */
export interface JourneyEvidence {
  authenticationPage?: Buffer;
  landingPage?: Buffer;
}

/** Outcomes in which money moved or is held: which currency it was in is part of what the customer experienced. */
export function movesMoney(status: Experience['status']): boolean {
  return status === 'paid' || status === 'authorized' || status === 'processing';
}

const COMPARED: ReadonlyArray<keyof Experience> = ['status', 'currency', 'challenged', 'declineCode', 'customerMessage', 'offSession', 'error'];

/** Two experiences are the same when a customer could not tell them apart (timings and screenshots never count). */
export function sameExperience(a: Experience, b: Experience): boolean {
  if (COMPARED.some((field) => (a[field] ?? undefined) !== (b[field] ?? undefined))) return false;
  return sameLanding(a.landing, b.landing);
}

function sameLanding(a: Landing | undefined, b: Landing | undefined): boolean {
  if (!a || !b) return a === b;
  return a.url === b.url && a.answered === b.answered && a.httpStatus === b.httpStatus;
}

/** "paid in EUR", "declined (generic_decline)": worded once, for what was expected (journeys.ts) and what happened. */
export function describeOutcome(outcome: { status: string; currency?: string; declineCode?: string }): string {
  return `${outcome.status}${outcome.currency ? ` in ${outcome.currency.toUpperCase()}` : ''}${outcome.declineCode ? ` (${outcome.declineCode})` : ''}`;
}

/** One line a reviewer reads: "paid in EUR after challenge, back at https://shop.example.com/checkout/return". */
export function describeExperience(experience: Experience): string {
  if (experience.status === 'error') return `error: ${experience.error ?? 'unknown'}`;
  const outcome = describeOutcome(experience);
  const parts = [
    experience.offSession
      ? `${outcome} off-session, card saved ${experience.challenged ? 'after' : 'without'} challenge`
      : `${outcome} ${experience.challenged ? 'after' : 'without'} challenge`,
  ];
  if (experience.landing) parts.push(describeLanding(experience.landing));
  return parts.join(', ');
}

export function describeLanding(landing: Landing): string {
  return landing.answered ? `back at ${landing.url}` : `stranded at ${landing.url} (${landing.problem ?? 'no answer'})`;
}
