import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { AccessModel } from '../access-model';
import { kmsKeyPolicy } from '../access-policies';

export interface EnvironmentKeyProps {
  /** Who may do what (stacks/access-model.ts); its `kmsKey` names the alias. */
  readonly model: AccessModel & { kmsKey: NonNullable<AccessModel['kmsKey']> };
  /** Tags on the key. Default none. */
  readonly tags?: Record<string, string>;
  /** The roles its policy names, when created in the same stack: KMS refuses a policy naming a principal that does not exist yet. Default none. */
  readonly roles?: ITerraformDependable[];
}

/** The environment's customer-managed KMS key and its alias, which the secrets name. */
export class EnvironmentKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: EnvironmentKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: `stripe-config secrets of ${props.model.environment}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(kmsKeyPolicy(props.model)),
      tags: props.tags,
      dependsOn: props.roles,
    });
    // The secrets name the key by alias ARN, so the environment stack needs nothing from this one.
    new KmsAlias(this, 'alias', { name: props.model.kmsKey.aliasName, targetKeyId: this.key.keyId });
  }
}
