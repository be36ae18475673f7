/**
 * What each field of the runtime document affects when it changes, and how risky that change is:
 * the reviewer reads it next to the field diff in the gate's report. docs/CONFIG.md says the same
 * in its tables' risk column; test/unit/config/field-risks.test.ts keeps the two equal and checks
 * that every field of the runtime schema has a row.
 *
 * high: customers can be charged wrongly, not at all, or stranded; medium: the shop's own
 * processes or the payment methods offered change; low: what customers read, not whether they pay.
 */
export type RiskLevel = 'high' | 'medium' | 'low';

export interface FieldRisk {
  /** JSON pointer into the runtime document, e.g. /payments/threeDSecure. */
  path: string;
  risk: RiskLevel;
  /** What changes for customers and the shop, in words. */
  affects: string;
}

export const FIELD_RISKS: readonly FieldRisk[] = [
  { path: '/schemaVersion', risk: 'high', affects: 'which document format the checkout reads; a version it does not know is refused and the checkout keeps its last good document' },
  { path: '/environment', risk: 'low', affects: 'the name the checkout logs; no payment behaviour' },
  { path: '/stripe/accountId', risk: 'high', affects: 'which Stripe account is charged; every key must belong to it' },
  { path: '/stripe/mode', risk: 'high', affects: 'live or test mode: real cards charged, or none' },
  { path: '/stripe/apiVersion', risk: 'high', affects: 'how Stripe answers every request (defaults, parameters, error shapes change per version)' },
  { path: '/stripe/publishableKey', risk: 'high', affects: "the key customers' browsers tokenise cards with; another account's key makes every card unchargeable" },
  { path: '/stripe/keySet', risk: 'high', affects: 'which secret key and webhook secret the checkout uses (a key rotation)' },
  { path: '/stripe/keySetSecretId', risk: 'high', affects: 'where the checkout reads its keys; a secret it cannot read stops every payment' },
  { path: '/payments/threeDSecure', risk: 'high', affects: 'which customers get a 3D Secure challenge, and so which payments complete without one' },
  { path: '/payments/captureMethod', risk: 'high', affects: 'whether a payment is captured at once or only authorised until the shop captures it' },
  { path: '/payments/paymentMethodTypes', risk: 'medium', affects: 'which payment methods customers are offered' },
  { path: '/payments/currency', risk: 'high', affects: 'the currency customers are charged in, and the smallest amount Stripe accepts' },
  { path: '/payments/returnUrl', risk: 'high', affects: 'where customers land after a 3D Secure challenge; a wrong one strands them' },
  { path: '/payments/statementDescriptorSuffix', risk: 'low', affects: "what customers read on their card statement (unrecognised descriptors lead to disputes)" },
  { path: '/webhooks', risk: 'medium', affects: "whether the shop hears of payments from Stripe (order fulfilment waits on it); customers are charged either way" },
  { path: '/webhooks/url', risk: 'medium', affects: "where Stripe sends payment events; a wrong one leaves paid orders unfulfilled" },
  { path: '/webhooks/events', risk: 'medium', affects: 'which payment events the shop hears of' },
];

const BY_PATH = new Map(FIELD_RISKS.map((row) => [row.path, row]));

/**
 * The risk of a changed field, for any path a field diff produces: `/webhooks/events/2` is
 * `/webhooks/events`'s row (the nearest listed ancestor). Undefined only for a path outside the document.
 */
export function fieldRisk(path: string): FieldRisk | undefined {
  for (let candidate = path; candidate.length > 0; candidate = candidate.slice(0, candidate.lastIndexOf('/'))) {
    const row = BY_PATH.get(candidate);
    if (row) return row;
  }
  return undefined;
}
