/**
 * What the intent state machines need from their surroundings: the API version, the clock, ids, and
 * where an intent's hosted 3DS page lives. The API passes the request's version; the hosted page the
 * account's default. Tests pass fixed values.
 */
import { newClientSecret, newId } from './ids';

export interface IntentContext {
  apiVersion: string;
  /** Unix seconds. */
  now: number;
  newId(prefix: string): string;
  newClientSecret(intentId: string): string;
  /** Where the hosted 3DS page for this intent lives. */
  challengeUrl(intentId: string, clientSecret: string): string;
}

/** The path of the hosted 3DS page (pages.ts serves it). */
export const CHALLENGE_PATH_PREFIX = '/3ds/authenticate/';

/** The hosted 3DS page of a PaymentIntent or SetupIntent. */
export function challengeUrl(baseUrl: string, intentId: string, clientSecret: string): string {
  return `${baseUrl}${CHALLENGE_PATH_PREFIX}${intentId}?client_secret=${encodeURIComponent(clientSecret)}`;
}

export function intentContext(situation: { apiVersion: string; now: Date; baseUrl: string }): IntentContext {
  return {
    apiVersion: situation.apiVersion,
    now: Math.floor(situation.now.getTime() / 1000),
    newId,
    newClientSecret,
    challengeUrl: (intentId, clientSecret) => challengeUrl(situation.baseUrl, intentId, clientSecret),
  };
}
