/** The body of `POST /checkout/pay`, checked at the edge: a bad request names the field it is about. */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const PayRequestSchema = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, description: "the amount in the currency's minor unit, e.g. 4200 for 42.00 EUR" }),
    paymentMethodId: Type.String({ pattern: '^pm_[A-Za-z0-9_]+$', description: 'the PaymentMethod id Stripe.js created in the browser (pm_…)' }),
    customerId: Type.Optional(Type.String({ pattern: '^cus_[A-Za-z0-9_]+$', description: 'the Stripe Customer the card belongs to (cus_…)' })),
    saveForOffSession: Type.Optional(Type.Boolean({ description: 'save the card on customerId for later charges without the customer' })),
  },
  { additionalProperties: false },
);
export type PayRequest = Static<typeof PayRequestSchema>;

/** A request the shop refuses on its merits (HTTP 400, or 413 when too large), naming the field. */
export class BadShopRequest extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'BadShopRequest';
  }
}

export function parsePayRequest(body: string): PayRequest {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BadShopRequest('body', 'the request body is not JSON; expected {"amount": 4200, "paymentMethodId": "pm_…"}');
  }
  const first = Value.Errors(PayRequestSchema, value).First();
  if (!first) return value as PayRequest;
  const field = first.path.replace(/^\//, '') || 'body';
  const described = (PayRequestSchema.properties as Record<string, { description?: string }>)[field]?.description;
  throw new BadShopRequest(field, `${field}${PHRASES[first.message] ?? `: ${first.message.toLowerCase()}`}${described ? ` (${described})` : ''}`);
}

// TypeBox's wording, said the way a shop's API documentation would.
const PHRASES: Record<string, string> = {
  'Expected required property': ' is required',
  'Unexpected property': ' is not a field of this request (amount, paymentMethodId, customerId, saveForOffSession)',
  'Expected object': ' must be a JSON object',
};
