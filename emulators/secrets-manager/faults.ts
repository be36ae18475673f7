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

const FAULT_BODIES: Record<number, FaultBody> = {
  400: { __type: 'ThrottlingException', Message: 'Rate exceeded' },
  403: { __type: 'AccessDeniedException', Message: 'The stand-in was told to deny this request.' },
  429: { __type: 'ThrottlingException', Message: 'Rate exceeded' },
  500: { __type: 'InternalServiceError', Message: 'An error occurred on the server side.' },
  503: { __type: 'ServiceUnavailable', Message: 'Service unavailable, please retry.' },
};

/** The AWS-shaped body for an injected `status`; unlisted 5xx read as InternalServiceError. */
export function faultWireError(status: number): WireError {
  const body = FAULT_BODIES[status] ?? (status >= 500 ? FAULT_BODIES[500] : FAULT_BODIES[400]);
  return { status, body };
}
