/**
 * The ledger's typed errors. Every failure is one line naming the table, region and request (or the
 * environment and who holds what) plus a hint; the CLI maps `code` to an exit code and prints
 * `message` and `hint`, never a stack trace. Also where bad input and malformed stored items become
 * those errors (`checkInput`, `requireRecord`), so that ledger-records.ts, which the error's lock
 * holder type comes from, does not import this module back (no import cycles: docs/ARCHITECTURE.md).
 */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Static, TSchema } from '@sinclair/typebox';
import { StripeConfigError } from '../runtime/contract';
import { describeErrors, keyOf, readItem, type LockRecord } from './ledger-records';

export type LedgerErrorCode =
  /** Another operation holds the environment's lock (`holder` says who). */
  | 'lock_held'
  /** Our lease was taken over after it expired, or broken by on-call: renew and release are refused. */
  | 'lock_lost'
  /** `releaseHold` on an environment that is not on hold. */
  | 'hold_missing'
  /** `finish` for an operation whose intent was never recorded. */
  | 'operation_unknown'
  /** `finish` for an operation whose outcome is already recorded (an outcome is written once). */
  | 'outcome_recorded'
  /** A stored item that does not parse, met outside `history` (which lists it instead). */
  | 'record_invalid'
  /** A bad argument; the message names the field. */
  | 'invalid_input'
  /** No credentials, wrong credentials, no region, or the endpoint cannot be reached. */
  | 'ledger_unreachable'
  /** The table does not exist in that region. */
  | 'ledger_table_missing'
  /** DynamoDB kept throttling after the SDK's retries. */
  | 'ledger_throttled'
  /** Any other DynamoDB error. */
  | 'ledger_failed';

/** Part of the StripeConfigError family (the CLI maps its codes to exit codes: ops/errors.ts, cli/main.ts). */
export class LedgerError extends StripeConfigError<LedgerErrorCode> {
  constructor(code: LedgerErrorCode, message: string, hint?: string, options?: { cause?: unknown; holder?: LockRecord }) {
    super(code, message, hint, { cause: options?.cause });
    // The base declares its name as a literal; the ledger's errors keep their own, which messages and tests name.
    Object.defineProperty(this, 'name', { value: 'LedgerError', enumerable: false });
    this.holder = options?.holder;
  }
  /** For `lock_held` and `lock_lost`: the lock as it is now (who holds it, since when, until when). */
  readonly holder?: LockRecord;
}

/** Where the ledger lives, for messages. */
export interface LedgerTarget {
  tableName: string;
  region?: string;
  /** Set when the client talks to a custom endpoint (the embedded dynalite, a VPC endpoint). */
  endpoint?: string;
}

export async function describeTarget(client: DynamoDBClient, tableName: string): Promise<LedgerTarget> {
  const region = await client.config.region().catch(() => undefined);
  const endpoint = client.config.endpoint ? await client.config.endpoint() : undefined;
  return {
    tableName,
    region,
    endpoint: endpoint && `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}`,
  };
}

// Error names from the DynamoDB API reference ("Common Errors" and each operation's Errors) and the
// SDK's credential chain; network failures arrive as Node errors with a `code`.
const THROTTLED = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'LimitExceededException']);
const BAD_CREDENTIALS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

/** Turns any error of a DynamoDB request into one LedgerError naming the table, the region and what to do. */
export function ledgerFailure(error: unknown, target: LedgerTarget, request: string): LedgerError {
  const { name, message } = error as { name?: string; message?: string };
  // The SDK can wrap a socket error from another realm (e.g. under a test runner's VM) into a plain
  // message ("AWS SDK error wrapper for Error: connect ECONNREFUSED …"), so the code is also read from it.
  const code = (error as { code?: string }).code ?? /\b(E[A-Z]{3,})\b/.exec(message ?? '')?.[1];
  const where = `table "${target.tableName}" in ${target.region ?? 'no region'}${target.endpoint ? ` at ${target.endpoint}` : ''}`;
  const cause = { cause: error };
  if (name === 'ResourceNotFoundException') {
    return new LedgerError(
      'ledger_table_missing',
      `DynamoDB ${request}: ${where} does not exist`,
      target.endpoint
        ? 'The embedded ledger creates its table when it starts: restart `stripe-config emulate` or the command.'
        : "Apply the environment's stack (it creates the ledger table), or check the region and table name.",
      cause,
    );
  }
  if (name && THROTTLED.has(name)) {
    return new LedgerError(
      'ledger_throttled',
      `DynamoDB ${request}: ${where} is throttling requests (${name}) after the SDK's retries`,
      'Retry in a minute; if it persists, check that the table is on-demand (PAY_PER_REQUEST) and the account limits.',
      cause,
    );
  }
  if (name && BAD_CREDENTIALS.has(name)) {
    return new LedgerError(
      'ledger_unreachable',
      `DynamoDB ${request}: no valid AWS credentials for ${where} (${name})`,
      'Log in (e.g. `aws sso login`) or set AWS_PROFILE / AWS_ACCESS_KEY_ID for the account that holds the ledger, then run again.',
      cause,
    );
  }
  if (name === 'AccessDeniedException') {
    return new LedgerError(
      'ledger_unreachable',
      `DynamoDB ${request}: access denied to ${where}`,
      'Use a role that the stack grants access to the ledger table (GetItem, PutItem, UpdateItem, DeleteItem, Query).',
      cause,
    );
  }
  if (message === 'Region is missing') {
    return new LedgerError(
      'ledger_unreachable',
      `DynamoDB ${request}: no AWS region for ${where}`,
      "Set AWS_REGION (or the environment's region), then run again.",
      cause,
    );
  }
  if ((code && UNREACHABLE_CODES.has(code)) || name === 'TimeoutError' || name === 'RequestTimeout') {
    return new LedgerError(
      'ledger_unreachable',
      `DynamoDB ${request}: cannot reach ${where} (${code ?? name})`,
      target.endpoint
        ? 'Is the process serving the ledger (e.g. `stripe-config emulate`) still running?'
        : 'Check the network path to DynamoDB in that region (proxy, VPC endpoint), then run again.',
      cause,
    );
  }
  return new LedgerError(
    'ledger_failed',
    `DynamoDB ${request} on ${where} failed: ${name ?? 'Error'}: ${message ?? String(error)}`,
    undefined,
    cause,
  );
}

/** Reads a single-record item (lock, hold, attestation); a malformed one is a clear error naming its key. */
export function requireRecord<T extends TSchema>(schema: T, item: Record<string, AttributeValue>, table: string): Static<T> {
  const read = readItem(schema, item);
  if ('record' in read) return read.record;
  const key = keyOf(item);
  throw new LedgerError(
    'record_invalid',
    `Ledger table "${table}": item ${key.pk} / ${key.sk} is not a valid record: ${read.problem}`,
    'Something other than stripe-config wrote it. Inspect it in the table; a broken lock can be removed with breakLock.',
  );
}

/** Validates caller input at the edge, naming every bad field. */
export function checkInput<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  const problems = describeErrors(schema, value, what);
  if (problems.length > 0) throw new LedgerError('invalid_input', `${what}: ${problems.join('; ')}`);
  return value as Static<T>;
}
