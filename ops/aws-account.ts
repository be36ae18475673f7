/**
 * Before a command acts on an environment that lives in AWS, the caller's credentials must be in
 * the account it declares: `sts:GetCallerIdentity` names the account of whatever credentials the
 * SDK's default chain found (it needs no permission: an IAM policy cannot deny it, AWS STS API
 * reference, GetCallerIdentity). Missing or wrong credentials end the command with one line that
 * says what to do, before anything is read or changed.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import { OpsError } from './errors';

// Loaded when an AWS target is opened: commands on the embedded stand-ins (the on-call rollback
// among them, docs/ARCHITECTURE.md "Each command loads only what it uses") never pay for it.
const stsModule = () => require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');

/** An environment's declared AWS account (undefined: unknown, as a rollback by --secret-id name). */
export interface AwsPlace {
  environment: string;
  accountId?: string;
  region: string;
}

export interface CallerIdentity {
  account: string;
  arn: string;
}

/** Who the credentials are, or an OpsError naming the environment, the account and what to do. */
export async function verifyAwsAccount(place: AwsPlace, sts: STSClient = defaultStsClient(place.region)): Promise<CallerIdentity> {
  const where = `${place.environment} (AWS account ${place.accountId ?? 'of your credentials'}, ${place.region})`;
  let identity: CallerIdentity;
  try {
    const answer = await sts.send(new (stsModule().GetCallerIdentityCommand)({}));
    identity = { account: answer.Account ?? '', arn: answer.Arn ?? '' };
  } catch (error) {
    throw credentialsError(where, error);
  } finally {
    sts.destroy();
  }
  if (place.accountId && identity.account !== place.accountId) {
    throw new OpsError(
      'aws_account_mismatch',
      `Your AWS credentials are for AWS account ${identity.account} (${identity.arn}), but ${place.environment} lives in AWS account ${place.accountId} (${place.region}): sign in to ${place.accountId} (e.g. AWS_PROFILE=…) or add --local to try this config on the stand-ins.`,
    );
  }
  return identity;
}

function defaultStsClient(region: string): STSClient {
  // Bounded: a command waiting on an unreachable STS must end, not hang (two attempts, 10 s each).
  return new (stsModule().STSClient)({ region, maxAttempts: 2, requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 } });
}

/** The SDK's failure as one line: no credentials at all, credentials STS refused, or STS unreachable. */
function credentialsError(where: string, error: unknown): OpsError {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  // The default chain throws CredentialsProviderError (or TokenProviderError for an SSO session) when no source has credentials.
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    return new OpsError('aws_credentials', `No AWS credentials for ${where}: sign in (e.g. aws sso login, AWS_PROFILE=…) or add --local to try this config on the stand-ins.`, undefined, { cause: error });
  }
  if (status === 403 || status === 400) {
    return new OpsError('aws_credentials', `AWS refused the credentials for ${where} (${name}: ${firstLine(message)}): sign in again (e.g. aws sso login) or add --local to try this config on the stand-ins.`, undefined, { cause: error });
  }
  return new OpsError('aws_credentials', `Could not check the AWS credentials for ${where}: sts:GetCallerIdentity failed (${name}: ${firstLine(message)}); check the network, or add --local to try this config on the stand-ins.`, undefined, { cause: error });
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
