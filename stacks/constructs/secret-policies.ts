import type { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { Construct } from 'constructs';
import type { AccessModel } from '../access-model';
import { secretResourcePolicy } from '../access-policies';

export interface SecretPoliciesProps {
  /** Who may do what (stacks/access-model.ts). */
  readonly model: AccessModel;
  /** The secrets, by name as the model names them. */
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;
}

/** Attaches each secret's resource policy: the checkout's reads, and a Deny for every other principal. */
export class SecretPolicies extends Construct {
  constructor(scope: Construct, id: string, props: SecretPoliciesProps) {
    super(scope, id);
    props.model.secrets.forEach((secret, index) => {
      new SecretsmanagerSecretPolicy(this, `policy-${index}`, {
        secretArn: props.secrets.get(secret.name)!.arn,
        // Statement as a list and principals as ARNs or "*": the provider rejects anything else on read (facts §4.7).
        policy: JSON.stringify(secretResourcePolicy(props.model, secret)),
        blockPublicPolicy: true,
      });
    });
  }
}
