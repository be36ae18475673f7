/**
 * Reads an environment's synthesized stacks (cdk.tf.json, parsed) and lists every way their policies
 * are wider than least privilege. It re-derives who can do what from the JSON alone: the generator
 * (stacks/access-policies.ts) is not consulted, so a widened statement, however it got there, shows.
 * The model supplies only facts: the environment's secrets, which are live key sets, the role ARNs.
 */
import type { AccessModel, PolicyDocument, PolicyStatement } from '../../stacks';

/** A parsed cdk.tf.json. */
export type SynthesizedJson = { resource?: Record<string, Record<string, Record<string, unknown>>> };

export interface ReviewedStacks {
  /** The environment stack (secrets and their resource policies). */
  environment: SynthesizedJson;
  /** The access stack (roles and KMS key); absent on the local target. */
  access?: SynthesizedJson;
}

interface AttributedStatement {
  /** Where it is: `resource policy of <secret>`, `IAM policy of <role arn>`, `KMS key policy`. */
  where: string;
  /** For IAM policies, the role it is attached to; for resource and key policies, the principals named. */
  principals: string[];
  kind: 'resource' | 'identity' | 'key';
  /** For resource policies: the secret it protects. */
  secretName?: string;
  statement: PolicyStatement;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const glob = (pattern: string): RegExp => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
const sampleArn = (arnPattern: string): string => arnPattern.replace('??????', 'AbC123');
const resources = (json: SynthesizedJson | undefined, type: string): [string, Record<string, unknown>][] => Object.entries(json?.resource?.[type] ?? {});
const reference = (token: unknown): string | undefined => /^\$\{[a-z_]+\.([^.]+)\.[a-z_]+\}$/.exec(String(token))?.[1];

/** Every statement of every policy in the stacks, with whose it is. */
export function statementsOf(model: AccessModel, stacks: ReviewedStacks): AttributedStatement[] {
  const statements: AttributedStatement[] = [];
  const secretNames = new Map(resources(stacks.environment, 'aws_secretsmanager_secret').map(([id, secret]) => [id, String(secret.name)]));
  for (const [, policy] of resources(stacks.environment, 'aws_secretsmanager_secret_policy')) {
    const secretName = secretNames.get(reference(policy.secret_arn) ?? '') ?? '(unknown secret)';
    for (const statement of (JSON.parse(String(policy.policy)) as PolicyDocument).Statement) {
      statements.push({ where: `resource policy of ${secretName}`, principals: list(statement.Principal?.AWS), kind: 'resource', secretName, statement });
    }
  }
  const roles = new Map(
    resources(stacks.access, 'aws_iam_role').map(([id, role]) => [id, `arn:${model.partition}:iam::${model.accountId}:role${String(role.path ?? '/')}${String(role.name)}`]),
  );
  for (const [, policy] of resources(stacks.access, 'aws_iam_role_policy')) {
    const role = roles.get(reference(policy.role) ?? '') ?? '(unknown role)';
    for (const statement of (JSON.parse(String(policy.policy)) as PolicyDocument).Statement) {
      statements.push({ where: `IAM policy of ${role}`, principals: [role], kind: 'identity', statement });
    }
  }
  for (const [, key] of resources(stacks.access, 'aws_kms_key')) {
    for (const statement of (JSON.parse(String(key.policy)) as PolicyDocument).Statement) {
      statements.push({ where: 'KMS key policy', principals: list(statement.Principal?.AWS), kind: 'key', statement });
    }
  }
  return statements;
}

const allows = (entry: AttributedStatement, action: string) => entry.statement.Effect === 'Allow' && list(entry.statement.Action).some((pattern) => glob(pattern).test(action));
const conditionValues = (statement: PolicyStatement, key: string): string[] | undefined => {
  for (const operator of Object.values(statement.Condition ?? {})) if (key in operator) return list(operator[key]);
  return undefined;
};

/** Principals that can read the secret's value, from the Allow statements alone (IAM, resource policy, and KMS when the secret has its own key). */
export function readersFromJson(model: AccessModel, stacks: ReviewedStacks, secretName: string): string[] {
  const secret = model.secrets.find((candidate) => candidate.name === secretName)!;
  const arn = sampleArn(secret.arnPattern);
  const readers = new Set<string>();
  for (const entry of statementsOf(model, stacks)) {
    if (entry.kind === 'identity' && allows(entry, 'secretsmanager:GetSecretValue') && list(entry.statement.Resource).some((pattern) => glob(pattern).test(arn))) {
      entry.principals.forEach((principal) => readers.add(principal));
    }
    if (entry.kind === 'resource' && entry.secretName === secretName && allows(entry, 'secretsmanager:GetSecretValue')) {
      entry.principals.forEach((principal) => readers.add(principal));
    }
    if (entry.kind === 'key' && allows(entry, 'kms:Decrypt')) {
      const contexts = conditionValues(entry.statement, 'kms:EncryptionContext:SecretARN');
      if (!contexts || contexts.some((pattern) => glob(pattern).test(arn))) entry.principals.forEach((principal) => readers.add(`${principal} (kms:Decrypt)`));
    }
  }
  return [...readers].sort();
}

/** Every finding, one line each; empty when the policies are least privilege. */
export function reviewAccess(model: AccessModel, stacks: ReviewedStacks): string[] {
  const findings: string[] = [];
  const statements = statementsOf(model, stacks);
  const ownSecretArns = model.secrets.map((secret) => secret.arnPattern);
  const ownPrincipals = new Set([...Object.values(model.roles).map((role) => role.arn), model.rootArn]);

  for (const { where, statement } of statements.filter((entry) => entry.statement.Effect === 'Allow')) {
    const wide = list(statement.Action).filter((action) => action.includes('*'));
    if (wide.length > 0) findings.push(`wildcard action: ${where}, ${statement.Sid}: ${wide.join(', ')}`);
  }
  for (const { where, statement } of statements.filter((entry) => entry.kind === 'identity' && entry.statement.Effect === 'Allow')) {
    // `-??????` is AWS's random suffix of a secret's ARN; any `*` is wider than one named resource.
    const wide = list(statement.Resource).filter((resource) => resource.includes('*'));
    if (wide.length > 0) findings.push(`wildcard resource: ${where}, ${statement.Sid}: ${wide.join(', ')}`);
    const foreign = list(statement.Resource).filter((resource) => resource.includes(':secretsmanager:') && !ownSecretArns.includes(resource));
    if (foreign.length > 0) findings.push(`cross-environment read: ${where}, ${statement.Sid}: ${foreign.join(', ')}`);
    if (list(statement.Action).some((action) => action.startsWith('dynamodb:'))) {
      const leadingKeys = conditionValues(statement, 'dynamodb:LeadingKeys');
      if (!leadingKeys || leadingKeys.length !== 1 || leadingKeys[0] !== model.ledger.partitionKey) {
        findings.push(`ledger beyond its partition: ${where}, ${statement.Sid}: dynamodb:LeadingKeys is ${JSON.stringify(leadingKeys ?? 'unconditioned')}, not ["${model.ledger.partitionKey}"]`);
      }
    }
  }
  for (const { where, statement } of statements.filter((entry) => entry.kind !== 'identity' && entry.statement.Effect === 'Allow')) {
    const foreign = list(statement.Principal?.AWS).filter((principal) => !ownPrincipals.has(principal));
    if (foreign.length > 0) findings.push(`foreign principal: ${where}, ${statement.Sid}: ${foreign.join(', ')}`);
    const contexts = conditionValues(statement, 'kms:EncryptionContext:SecretARN') ?? [];
    const foreignContexts = contexts.filter((pattern) => !ownSecretArns.includes(pattern));
    if (foreignContexts.length > 0) findings.push(`cross-environment read: ${where}, ${statement.Sid}: ${foreignContexts.join(', ')}`);
  }

  const onCall = model.roles['on-call'].arn;
  const onCallActions = statements
    .filter((entry) => entry.kind === 'identity' && entry.principals.includes(onCall) && entry.statement.Effect === 'Allow')
    .flatMap((entry) => list(entry.statement.Action).filter((action) => !action.startsWith('dynamodb:')).map((action) => ({ action, resources: list(entry.statement.Resource) })));
  const onCallMay = ['secretsmanager:UpdateSecretVersionStage', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds', 'secretsmanager:GetSecretValue'];
  const configArn = model.secrets.find((secret) => secret.kind === 'config')!.arnPattern;
  // Beyond the config's labels, on-call reads test-mode key sets only: the rollback's smoke journeys run with them.
  const testKeySets = model.secrets.filter((secret) => secret.kind === 'test-key-set').map((secret) => secret.arnPattern);
  for (const { action, resources: onto } of onCallActions) {
    const onConfig = onCallMay.includes(action) && onto.every((resource) => resource === configArn);
    const smokeKeys = action === 'secretsmanager:GetSecretValue' && onto.every((resource) => testKeySets.includes(resource));
    if (!onConfig && !smokeKeys) findings.push(`on-call beyond labels: ${action} on ${onto.join(', ')}`);
  }

  for (const secret of model.secrets) {
    const policy = statements.filter((entry) => entry.kind === 'resource' && entry.secretName === secret.name);
    const denyOthers = policy.find(
      ({ statement }) =>
        statement.Effect === 'Deny' &&
        list(statement.Principal?.AWS).includes('*') &&
        list(statement.Action).includes('secretsmanager:*') &&
        statement.Condition?.StringNotEquals?.['aws:PrincipalArn'] !== undefined,
    );
    if (!denyOthers) findings.push(`no deny for other principals: resource policy of ${secret.name}`);
    else {
      const exempt = list(denyOthers.statement.Condition!.StringNotEquals['aws:PrincipalArn']).filter((principal) => !ownPrincipals.has(principal));
      if (exempt.length > 0) findings.push(`deny exempts foreign principals: resource policy of ${secret.name}: ${exempt.join(', ')}`);
    }
    if (secret.kind !== 'live-key-set') continue;
    const readers = readersFromJson(model, stacks, secret.name).filter((reader) => !reader.startsWith(model.roles.checkout.arn));
    if (readers.length > 0) findings.push(`live key material readable by more than the checkout role: ${secret.name}: ${readers.join(', ')}`);
    const denyReads = policy.find(
      ({ statement }) =>
        statement.Effect === 'Deny' &&
        list(statement.Action).includes('secretsmanager:GetSecretValue') &&
        JSON.stringify(list(statement.Condition?.StringNotEquals?.['aws:PrincipalArn'])) === JSON.stringify([model.roles.checkout.arn]),
    );
    if (!denyReads) findings.push(`no deny of reads but the checkout role's: resource policy of ${secret.name}`);
  }
  return findings;
}
