/**
 * Stripe API versions the stand-in accepts, and the version-dependent behaviour it models.
 *
 * The list is the `api_version` enum of WebhookEndpointCreateParams in stripe-node 23.1.0
 * (node_modules/stripe/cjs/resources/WebhookEndpoints.d.ts), which enumerates every public
 * version; stripe-node 23.1.0 itself pins 2026-10-28.endive (cjs/apiVersion.js).
 * Since 2024-09-30 versions carry a release name (acacia, basil, clover, dahlia, endive); monthly
 * releases reuse the name of the last major one (docs.stripe.com/api/versioning).
 */
import { invalidRequest } from './errors';

export const KNOWN_API_VERSIONS: readonly string[] = Object.freeze([
  '2011-01-01', '2011-06-21', '2011-06-28', '2011-08-01', '2011-09-15', '2011-11-17',
  '2012-02-23', '2012-03-25', '2012-06-18', '2012-06-28', '2012-07-09', '2012-09-24',
  '2012-10-26', '2012-11-07', '2013-02-11', '2013-02-13', '2013-07-05', '2013-08-12',
  '2013-08-13', '2013-10-29', '2013-12-03', '2014-01-31', '2014-03-13', '2014-03-28',
  '2014-05-19', '2014-06-13', '2014-06-17', '2014-07-22', '2014-07-26', '2014-08-04',
  '2014-08-20', '2014-09-08', '2014-10-07', '2014-11-05', '2014-11-20', '2014-12-08',
  '2014-12-17', '2014-12-22', '2015-01-11', '2015-01-26', '2015-02-10', '2015-02-16',
  '2015-02-18', '2015-03-24', '2015-04-07', '2015-06-15', '2015-07-07', '2015-07-13',
  '2015-07-28', '2015-08-07', '2015-08-19', '2015-09-03', '2015-09-08', '2015-09-23',
  '2015-10-01', '2015-10-12', '2015-10-16', '2016-02-03', '2016-02-19', '2016-02-22',
  '2016-02-23', '2016-02-29', '2016-03-07', '2016-06-15', '2016-07-06', '2016-10-19',
  '2017-01-27', '2017-02-14', '2017-04-06', '2017-05-25', '2017-06-05', '2017-08-15',
  '2017-12-14', '2018-01-23', '2018-02-05', '2018-02-06', '2018-02-28', '2018-05-21',
  '2018-07-27', '2018-08-23', '2018-09-06', '2018-09-24', '2018-10-31', '2018-11-08',
  '2019-02-11', '2019-02-19', '2019-03-14', '2019-05-16', '2019-08-14', '2019-09-09',
  '2019-10-08', '2019-10-17', '2019-11-05', '2019-12-03', '2020-03-02', '2020-08-27',
  '2022-08-01', '2022-11-15', '2023-08-16', '2023-10-16', '2024-04-10', '2024-06-20',
  '2024-09-30.acacia', '2024-10-28.acacia', '2024-11-20.acacia', '2024-12-18.acacia',
  '2025-01-27.acacia', '2025-02-24.acacia', '2025-03-01.dashboard',
  '2025-03-31.basil', '2025-04-30.basil', '2025-05-28.basil', '2025-06-30.basil',
  '2025-07-30.basil', '2025-08-27.basil',
  '2025-09-30.clover', '2025-10-29.clover', '2025-11-17.clover', '2025-12-15.clover',
  '2026-01-28.clover', '2026-02-25.clover',
  '2026-03-25.dahlia', '2026-04-22.dahlia', '2026-05-27.dahlia', '2026-06-24.dahlia',
  '2026-07-29.dahlia', '2026-08-26.dahlia',
  '2026-09-30.endive', '2026-10-28.endive',
]);

/** The newest version: what an account answers with when neither it nor the request names one. */
export const NEWEST_API_VERSION: string = KNOWN_API_VERSIONS[KNOWN_API_VERSIONS.length - 1]!;

const KNOWN = new Set(KNOWN_API_VERSIONS);

export function isKnownApiVersion(version: string): boolean {
  return KNOWN.has(version);
}

/**
 * The version a request is answered at: its `Stripe-Version` header, else the account's default
 * (docs.stripe.com/api/versioning). Beta flags ("2026-10-28.endive; foo_beta=v1") are ignored; the
 * version itself must exist, or it is Stripe's 400.
 */
export function negotiateApiVersion(requested: string | undefined, accountDefault: string): string {
  if (requested === undefined) return accountDefault;
  const version = requested.split(';', 1)[0]!.trim();
  if (!isKnownApiVersion(version)) throw invalidRequest(`Invalid Stripe API version: ${requested}`);
  return version;
}

/** True when `version` is the release dated `since` or a later one (dates compare as strings). */
export function isOnOrAfter(version: string, since: string): boolean {
  return version.slice(0, 10) >= since;
}

/**
 * PaymentIntents without `payment_method_types` get dynamic `automatic_payment_methods`, and
 * confirming them needs a `return_url` unless `off_session=true` or
 * `automatic_payment_methods[allow_redirects]=never`
 * (docs.stripe.com/changelog/2023-08-16/automatic-payment-methods).
 */
export function automaticPaymentMethodsByDefault(version: string): boolean {
  return isOnOrAfter(version, '2023-08-16');
}

/**
 * `capture_method` defaults to `automatic_async` when not given
 * (docs.stripe.com/changelog/2024-04-10/automatic-sync-default-paymentintents).
 */
export function defaultCaptureMethod(version: string): 'automatic' | 'automatic_async' {
  return isOnOrAfter(version, '2024-04-10') ? 'automatic_async' : 'automatic';
}

/**
 * Endive removed `payment_method_types` as a writable PaymentIntent parameter: passing it is a 400
 * with code `payment_method_types_no_longer_supported`; `allowed_payment_method_types` and
 * `excluded_payment_method_types` replace it (docs.stripe.com/changelog/endive/2026-09-30/
 * removes-the-payment-method-types-parameter-from-payment-intents-and-setup-intents). stripe-node
 * 23.1.0's PaymentIntentCreateParams agrees: it has no `payment_method_types`.
 */
export function paymentMethodTypesWritable(version: string): boolean {
  return !isOnOrAfter(version, '2026-09-30');
}
