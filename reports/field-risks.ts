/**
 * What each field of the runtime document affects and how risky a change to it is, so a reviewer
 * reads "/payments/returnUrl: where customers land after a 3DS challenge (high)" next to the diff.
 *
 * The reports read risks through `FieldRiskTable`; this local table is the default until
 * config/field-risks.ts (the config's own table, one row per field) is connected in its place.
 */

export type RiskLevel = 'high' | 'medium' | 'low';

export interface FieldRisk {
  /** What a change to the field affects, in a reviewer's words. */
  affects: string;
  risk: RiskLevel;
}

/** Risks by JSON pointer into the runtime document (`/payments/threeDSecure`); the longest matching prefix wins. */
export type FieldRiskTable = Readonly<Record<string, FieldRisk>>;

export const DEFAULT_FIELD_RISKS: FieldRiskTable = {
  '/schemaVersion': { affects: 'which document shape the checkout service expects', risk: 'high' },
  '/environment': { affects: 'the name the document is stored and reported under', risk: 'low' },
  '/stripe/accountId': { affects: 'which Stripe account takes every payment', risk: 'high' },
  '/stripe/mode': { affects: 'whether payments move real money (live) or not (test)', risk: 'high' },
  '/stripe/apiVersion': { affects: 'the shape of every Stripe request and response (Stripe-Version)', risk: 'high' },
  '/stripe/publishableKey': { affects: "card tokenisation in the customer's browser", risk: 'high' },
  '/stripe/keySet': { affects: 'which secret key the checkout service signs every request with', risk: 'high' },
  '/stripe/keySetSecretId': { affects: 'which secret key the checkout service signs every request with', risk: 'high' },
  '/payments/threeDSecure': { affects: 'which customers are asked to authenticate (3DS challenge)', risk: 'high' },
  '/payments/captureMethod': { affects: 'whether payments are captured (paid) or only authorised', risk: 'high' },
  '/payments/currency': { affects: 'the currency customers are charged in', risk: 'high' },
  '/payments/returnUrl': { affects: 'where customers land after a 3DS challenge', risk: 'high' },
  '/payments/paymentMethodTypes': { affects: 'which payment methods customers can pay with', risk: 'medium' },
  '/payments/statementDescriptorSuffix': { affects: "the text on the customer's card statement", risk: 'low' },
  '/webhooks': { affects: 'which payment events reach the shop, and where', risk: 'medium' },
};

/** The risk of a field, by the longest table entry that is the path or one of its parents. */
export function fieldRisk(path: string, table: FieldRiskTable = DEFAULT_FIELD_RISKS): FieldRisk | undefined {
  for (let prefix = path; prefix.length > 0; prefix = prefix.slice(0, prefix.lastIndexOf('/'))) {
    const risk = table[prefix];
    if (risk) return risk;
  }
  return undefined;
}
