/**
 * Restricted keys (`rk_test_…`): what a request needs, read off its method and path, so the check
 * does not depend on the route table. Stripe's rule (docs.stripe.com/keys, "Limit access"): GET needs
 * `read`, POST and DELETE need `write`, and write implies read. The resource is the first path segment
 * after `/v1/` (`/v1/payment_intents/pi_1/confirm` → `payment_intents`).
 */
import type { Credential, RestrictedAccess } from './accounts';
import { permissionError } from './errors';

export interface RequiredPermission {
  resource: string;
  access: Exclude<RestrictedAccess, 'none'>;
}

export function requiredPermission(method: string, pathname: string): RequiredPermission {
  const resource = pathname.split('/')[2] ?? '';
  return { resource, access: method === 'GET' ? 'read' : 'write' };
}

/** Stripe names permissions `rak_<resource, singular>_<read|write>` (e.g. `rak_subscription_read`). */
export function permissionName({ resource, access }: RequiredPermission): string {
  const singular = resource.endsWith('s') ? resource.slice(0, -1) : resource;
  return `rak_${singular}_${access}`;
}

/** Throws Stripe's 403 when a restricted key lacks what the request needs; other keys pass. */
export function checkRestrictedKey(credential: Credential, method: string, pathname: string): void {
  if (credential.restricted === undefined) return;
  const needed = requiredPermission(method, pathname);
  const granted = Object.prototype.hasOwnProperty.call(credential.restricted.permissions, needed.resource)
    ? credential.restricted.permissions[needed.resource]
    : 'none';
  const allowed = granted === 'write' || (granted === 'read' && needed.access === 'read');
  if (!allowed) throw permissionError(credential.restricted.redactedKey, credential.account.id, permissionName(needed));
}
