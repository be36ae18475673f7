/**
 * Judges a pinned Stripe API version against Stripe's releases (config/stripe-releases.ts) and,
 * when it is not one, names the release that was most likely meant: Stripe answers an unknown
 * `Stripe-Version` with a 400 on every request (docs.stripe.com/api/versioning), so a typo here
 * would fail every checkout.
 */
import { FIRST_NAMED_RELEASE, STRIPE_API_VERSIONS } from './stripe-releases';

const KNOWN = new Set(STRIPE_API_VERSIONS);
const FIRST_NAMED_DATE = dateOf(FIRST_NAMED_RELEASE);
const NEWEST = STRIPE_API_VERSIONS[STRIPE_API_VERSIONS.length - 1]!;

/** Why `version` cannot be pinned (in words, with the release meant), or undefined when it is a release. */
export function apiVersionProblem(version: string, today: Date): string | undefined {
  const date = dateOf(version);
  const name = version.slice(date.length + 1);
  const todayDate = today.toISOString().slice(0, 10);
  if (!isCalendarDate(date)) return `"${version}" is not a valid date`;
  if (date > todayDate) return `"${version}" is dated in the future (today is ${todayDate})`;
  if (KNOWN.has(version)) return undefined;

  const sameDate = STRIPE_API_VERSIONS.filter((known) => dateOf(known) === date);
  if (sameDate.length > 0) {
    if (date < FIRST_NAMED_DATE) return `"${version}" predates named releases (the first is ${FIRST_NAMED_RELEASE}); drop ".${name}": ${date}`;
    if (!name) return `"${version}" needs its release name: did you mean ${sameDate.join(' or ')}?`;
    return `"${version}" is not a Stripe API version; did you mean ${sameDate.join(' or ')}?`;
  }
  const before = STRIPE_API_VERSIONS.filter((known) => dateOf(known) < date).at(-1);
  const after = STRIPE_API_VERSIONS.find((known) => dateOf(known) > date);
  if (!after) {
    return `"${version}" is not a Stripe API version: no release is dated ${date}; the newest release stripe-config knows is ${NEWEST} (config/stripe-releases.ts, kept equal to stripe-node's list)`;
  }
  const nearest = before ? `the nearest are ${before} and ${after}` : `the first is ${after}`;
  return `"${version}" is not a Stripe API version: no release is dated ${date}; ${nearest}`;
}

/** True for a real YYYY-MM-DD day: Date.parse alone rolls 2025-02-30 over to March 2. */
function isCalendarDate(date: string): boolean {
  const time = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === date;
}

function dateOf(version: string): string {
  return version.split('.', 1)[0]!;
}
