/**
 * The one place where a failure becomes the AWS JSON 1.1 error shape.
 *
 * Every rule, validator and handler throws `SecretsManagerError` with an AWS error code; the server
 * hands whatever was thrown to `toWireError`, so a bug can never leak a stack trace or an HTML page
 * to a client.
 */

/** Error codes the stand-in produces: the modeled ones (facts §1.3) plus the front-end ones. */
export type SecretsManagerErrorCode =
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'ResourceExistsException'
  | 'LimitExceededException'
  | 'MalformedPolicyDocumentException'
  | 'PublicPolicyException'
  | 'InvalidNextTokenException'
  | 'InternalServiceError'
  // Not modeled, but what the AWS front end answers for shape problems (facts §1.3).
  | 'ValidationException'
  | 'SerializationException'
  | 'UnknownOperationException'
  // Only ever sent by fault injection (faults.ts), to exercise clients' retries.
  | 'ThrottlingException'
  | 'ServiceUnavailable'
  | 'AccessDeniedException';

export class SecretsManagerError extends Error {
  constructor(
    readonly code: SecretsManagerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export interface WireError {
  status: number;
  body: { __type: SecretsManagerErrorCode; Message: string };
}

/**
 * Client errors are all 400 (AWS sends 400 even for ResourceNotFoundException, facts §1.3 and §6.1);
 * only InternalServiceError is a fault. A 5xx makes Terraform retry up to 25 times, so anything
 * unexpected is still reported as InternalServiceError rather than crashing the connection.
 */
export function toWireError(failure: unknown): WireError {
  if (failure instanceof SecretsManagerError) {
    const status = failure.code === 'InternalServiceError' ? 500 : 400;
    // Capital-M `Message`: the Go SDK fills the typed error only from that key, and the provider
    // reads it to decide "secret was deleted" (facts §1.3).
    return { status, body: { __type: failure.code, Message: failure.message } };
  }
  return {
    status: 500,
    body: { __type: 'InternalServiceError', Message: 'An error occurred on the server side.' },
  };
}

// ---- Messages whose exact text clients match on -------------------------------------------------

/** GetSecretValue/DescribeSecret/... on an unknown secret (facts §2.3 GetSecretValue). */
export function secretNotFound(): SecretsManagerError {
  return new SecretsManagerError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
}

/**
 * A VersionId that names no version of the secret. Text by analogy with the staging-label message
 * (facts §2.3 GetSecretValue, unverified).
 */
export function versionNotFound(versionId: string): SecretsManagerError {
  return new SecretsManagerError(
    'ResourceNotFoundException',
    `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
  );
}

/**
 * Value, label and policy calls on a secret scheduled for deletion. The provider matches the
 * substring "because it was marked for deletion", and the policy paths the full sentence with an
 * ASCII apostrophe (facts §2.4, §3.8).
 */
export function markedForDeletion(): SecretsManagerError {
  return new SecretsManagerError(
    'InvalidRequestException',
    "You can't perform this operation on the secret because it was marked for deletion.",
  );
}

/** CreateSecret while the name is held by a secret pending deletion; Terraform retries on it (facts §2.4). */
export function nameScheduledForDeletion(): SecretsManagerError {
  return new SecretsManagerError(
    'InvalidRequestException',
    "You can't create this secret because a secret with this name is already scheduled for deletion.",
  );
}

/** Reused ClientRequestToken with different data (verified text, facts §2.3 CreateSecret). */
export function tokenInUse(token: string, secretArn: string): SecretsManagerError {
  return new SecretsManagerError(
    'ResourceExistsException',
    `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${secretArn}.`,
  );
}

/** Writes must go to the primary's region; wording unverified (replication user guide says replicas are read-only). */
export function notOnReplica(primaryRegion: string): SecretsManagerError {
  return new SecretsManagerError(
    'InvalidRequestException',
    `Operation not permitted on a replica secret. Call must be made in primary secret's region (${primaryRegion}).`,
  );
}
