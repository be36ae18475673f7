/**
 * What an answer's JSON looks like beyond the stored object: `expand[]` replacing ids by the objects
 * they name (docs.stripe.com/expand), and list pages (lists.ts). Objects are stored as Stripe shows
 * them; this is the one place that shapes them per request.
 */
import type { AccountObjects } from './accounts';
import type { ApiRequest } from './api-request';
import { invalidRequest } from './errors';
import { page, type ListPage } from './lists';
import { read } from './params';
import { pageRequest } from './request-inputs';

/** How to expand one field of an object: the id → the object, or undefined when it can't be found. */
export type Expanders = Readonly<Record<string, (id: string) => unknown>>;

/** The account's objects behind the expandable ids this stand-in models. */
function standardExpanders(objects: AccountObjects): Expanders {
  return {
    latest_charge: (id) => objects.charges.get(id),
    payment_method: (id) => objects.paymentMethods.get(id)?.paymentMethod,
    customer: (id) => objects.customers.get(id),
    payment_intent: (id) => objects.paymentIntents.get(id)?.intent,
  };
}

/**
 * `expand[]=field` replaces an id by its object. `prefix` is `data.` for lists. Fields this object
 * doesn't have, or we can't expand, are Stripe's 400 naming `expand`.
 */
export function expandObject(object: object, fields: readonly string[], expanders: Expanders, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = { ...object };
  for (const path of fields) {
    const field = prefix !== '' && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const expander = Object.prototype.hasOwnProperty.call(expanders, field) ? expanders[field] : undefined;
    if (expander === undefined || !(field in out)) {
      throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
    }
    const id = out[field];
    if (typeof id === 'string') out[field] = expander(id) ?? id;
  }
  return out;
}

function expandFields(request: ApiRequest): string[] {
  return read.strings(request.params, 'expand') ?? [];
}

/** An object as the request asked for it. */
export function render(request: ApiRequest, object: object): Record<string, unknown> {
  return expandObject(object, expandFields(request), standardExpanders(request.account.objects));
}

/** A list page of `items` (in creation order), each object expanded by `expand[]=data.<field>`. */
export function renderPage<T extends { id: string }>(request: ApiRequest, items: readonly T[], url: string): ListPage<Record<string, unknown>> {
  const result = page(items, pageRequest(request.params), url);
  const fields = expandFields(request);
  const expanders = standardExpanders(request.account.objects);
  return { ...result, data: result.data.map((item) => expandObject(item, fields, expanders, 'data.')) };
}

/** Objects that cannot be expanded at all: any `expand[]` is Stripe's 400. */
export function refuseExpand(request: ApiRequest): void {
  const [field] = expandFields(request);
  if (field !== undefined) throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
}
