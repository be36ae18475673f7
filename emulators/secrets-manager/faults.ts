/**
 * How an injected fault looks on the wire: the shared injector decides *whether* a request fails
 * (emulators/shared/faults.ts); this table decides what AWS would have sent for that status.
 *
 * The JS SDK retries 500/502/503/504 as transient and `ThrottlingException` as throttling by its
 * error code (@smithy/core service-error-classification), so a throttle is AWS's 400
 * `ThrottlingException` "Rate exceeded", not a bare 429.
 */
import type { WireError } from './errors';

type FaultBody = WireError['body'];

const THROTTLED: FaultBody = { __type: 'ThrottlingException', Message: 'Rate exceeded' };
const INTERNAL: FaultBody = { __type: 'InternalServiceError', Message: 'An error occurred on the server side.' };

const FAULT_BODIES: Record<number, FaultBody> = {
  400: THROTTLED,
  403: { __type: 'AccessDeniedException', Message: 'The stand-in was told to deny this request.' },
  429: THROTTLED,
  500: INTERNAL,
  503: { __type: 'ServiceUnavailable', Message: 'Service unavailable, please retry.' },
};

/** The AWS-shaped body for an injected `status`; unlisted 5xx read as InternalServiceError, other 4xx as throttling. */
export function faultWireError(status: number): WireError {
  const body = FAULT_BODIES[status] ?? (status >= 500 ? INTERNAL : THROTTLED);
  return { status, body };
}
