/**
 * Where an environment lives: the embedded stand-ins, or a real AWS account (in
 * `infrastructure.region`, with api.stripe.com for `stripe.accountId`). Commands act on what the
 * environment declares, so on-call's command cannot reach the wrong world; `--local` is the one
 * explicit way to try a real environment's config on the stand-ins (ops/targets.ts).
 */
import type { Problem } from '../runtime/contract';
import type { AwsTarget, EnvironmentTarget } from './types';

/** The two forms, as the error for a missing or malformed `target` shows them. */
export const TARGET_FORMS =
  "'embedded' (the local stand-ins, state under .stripe-config/) or { aws: { accountId: '123456789012' } } (real AWS in /infrastructure/region, and api.stripe.com for /stripe/accountId)";

// An AWS account id is 12 digits (docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html).
export const AWS_ACCOUNT_ID_PATTERN = '^[0-9]{12}$';
const AWS_ACCOUNT_ID = new RegExp(AWS_ACCOUNT_ID_PATTERN);

export function isAwsTarget(target: EnvironmentTarget): target is AwsTarget {
  return typeof target === 'object' && target !== null && 'aws' in target;
}

/** The AWS account an IAM ARN belongs to (its fifth field), or undefined when it is not an ARN. */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && AWS_ACCOUNT_ID.test(account) ? account : undefined;
}

/**
 * What is wrong with `target` in any value (schema or not): one line naming the field and the two
 * allowed forms, instead of the schema's line per branch of the union.
 */
export function targetProblems(value: unknown): Problem[] {
  if (typeof value !== 'object' || value === null) return [];
  const target = (value as { target?: unknown }).target;
  if (target === undefined) return [{ path: '/target', message: `is required: where this environment lives, ${TARGET_FORMS}` }];
  if (target === 'embedded') return [];
  const aws = typeof target === 'object' && target !== null && !Array.isArray(target) ? (target as { aws?: unknown }).aws : undefined;
  const fields = typeof aws === 'object' && aws !== null && !Array.isArray(aws) ? Object.keys(target as object) : undefined;
  if (!fields || fields.length !== 1) return [{ path: '/target', message: `must be ${TARGET_FORMS} (got ${JSON.stringify(target)})` }];
  const { accountId, ...rest } = aws as { accountId?: unknown };
  const unknown = Object.keys(rest).map((field) => ({ path: `/target/aws/${field}`, message: 'is not a known field (the AWS target has accountId only; the region is /infrastructure/region)' }));
  const account =
    typeof accountId === 'string' && AWS_ACCOUNT_ID.test(accountId)
      ? []
      : [{ path: '/target/aws/accountId', message: `must be the 12-digit AWS account id the environment lives in (got ${JSON.stringify(accountId ?? null)})` }];
  return [...account, ...unknown];
}
