import { StripeConfigError } from '../runtime';

/** Why checks could not run at all (a journey that ran but failed is a verdict, not an error). */
export type CheckErrorCode = 'live_keys_refused' | 'browser_unavailable' | 'shop_unavailable';

export class CheckError extends StripeConfigError<CheckErrorCode> {}
