import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Construct } from 'constructs';

export interface ConfigSecretProps {
  /** Secret name, e.g. `stripe-config/production/config`. */
  readonly name: string;
  /** The rendered runtime document, stored byte for byte. */
  readonly document: string;
  /** Days before a deleted secret is purged; 0 deletes at once. Default 30. */
  readonly recoveryWindowInDays?: number;
  /** KMS key (ARN or alias ARN) that encrypts the versions. Default the account's aws/secretsmanager key. */
  readonly kmsKeyId?: string;
  /** Tags on the secret. Default none. */
  readonly tags?: Record<string, string>;
}

/** The environment's config secret: one version per deployed document, AWSCURRENT = live. */
export class ConfigSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly version: SecretsmanagerSecretVersion;

  constructor(scope: Construct, id: string, props: ConfigSecretProps) {
    super(scope, id);
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.name,
      description: 'Stripe runtime settings read by the checkout service (managed by stripe-config)',
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
      kmsKeyId: props.kmsKeyId,
      tags: props.tags,
    });
    // No version_stages: pinning ["AWSCURRENT"] would make the next apply undo a rollback,
    // because Terraform would move the label back to this version (facts §4.2).
    this.version = new SecretsmanagerSecretVersion(this, 'version', {
      secretId: this.secret.id,
      secretString: props.document,
    });
  }
}
