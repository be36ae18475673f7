import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';

export interface KeySetProps {
  /** Key-set name as the config names it, e.g. `production-2026-11`. */
  readonly keySetName: string;
  /** Secret name, e.g. `stripe-config/production/key-sets/production-2026-11`. */
  readonly secretName: string;
  /** Days before a deleted secret is purged; 0 deletes at once. Default 30. */
  readonly recoveryWindowInDays?: number;
  /** KMS key (ARN or alias ARN) that encrypts the material. Default the account's aws/secretsmanager key. */
  readonly kmsKeyId?: string;
  /** Tags on the secret. Default none. */
  readonly tags?: Record<string, string>;
}

/**
 * An immutable key set's secret: its name, KMS key, tags and (beside it) its resource policy, but no
 * version. The material is written once by stripe-config through the SDK (ops/key-set-material.ts,
 * PutSecretValue), never through Terraform: with hashicorp/aws 5.100.0 even a write-only
 * `secret_string_wo` version is refreshed with GetSecretValue (terraform-provider-aws secret_version.go; the switch to
 * ListSecretVersionIds for write-only values is PR #44876, after 5.100.0), so whoever runs
 * Terraform would need to read live key material. Without a version resource, plan and apply never
 * read it, and the value is in no variable, plan or state.
 */
export class KeySet extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: KeySetProps) {
    super(scope, id);
    this.secretName = props.secretName;
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.secretName,
      description: `Stripe key set ${props.keySetName} (write-once; managed by stripe-config)`,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
      kmsKeyId: props.kmsKeyId,
      tags: { ...props.tags, 'stripe-config:key-set': props.keySetName },
    });
  }
}
