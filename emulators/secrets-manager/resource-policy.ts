/**
 * Resource policies: the little of IAM's grammar the stand-in checks (facts §2.3 PutResourcePolicy,
 * ValidateResourcePolicy). The text itself is stored unchanged; these rules only read it.
 */
import { SecretsManagerError } from './errors';

/** `*`, a 12-digit account id, or an IAM/STS ARN: what the provider itself accepts on read (facts §4.7). */
const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+)$/;

/** What PutResourcePolicy with BlockPublicPolicy refuses and ValidateResourcePolicy reports. */
export const PUBLIC_ACCESS_MESSAGE = 'This resource policy grants public access to the secret.';

/** A policy must at least be a JSON object; AWS's grammar check is richer (facts §2.3 PutResourcePolicy). */
export function parsePolicy(text: string): object {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    policy = undefined;
  }
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    throw new SecretsManagerError('MalformedPolicyDocumentException', 'This resource policy contains a syntax error.');
  }
  if (awsPrincipals(policy).some((principal) => !AWS_PRINCIPAL.test(principal))) {
    // The provider retries exactly this text for 2 minutes, as for an IAM role not yet propagated (facts §2.4).
    throw new SecretsManagerError('MalformedPolicyDocumentException', 'This resource policy contains an unsupported principal.');
  }
  return policy;
}

function statementsOf(policy: object): unknown[] {
  const statements = (policy as { Statement?: unknown }).Statement;
  return Array.isArray(statements) ? statements : [statements];
}

/** Every `Principal.AWS` entry of every statement (a string or a list of strings in IAM grammar). */
function awsPrincipals(policy: object): string[] {
  return statementsOf(policy).flatMap((statement) => {
    const principal = (statement as { Principal?: unknown } | null)?.Principal;
    const aws = typeof principal === 'object' && principal !== null ? (principal as { AWS?: unknown }).AWS : undefined;
    return (Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]).map(String);
  });
}

/**
 * Whether a policy grants access to everyone without conditions: our approximation of what
 * BlockPublicPolicy refuses (facts §2.3 PutResourcePolicy; AWS's analysis is richer).
 */
export function grantsPublicAccess(policy: object): boolean {
  return statementsOf(policy).some((statement) => {
    if (typeof statement !== 'object' || statement === null) return false;
    const { Effect, Principal, Condition } = statement as Record<string, unknown>;
    const principals = typeof Principal === 'object' && Principal !== null ? (Principal as Record<string, unknown>).AWS : Principal;
    const everyone = principals === '*' || (Array.isArray(principals) && principals.includes('*'));
    return Effect === 'Allow' && everyone && Condition === undefined;
  });
}
