import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';

export interface KeySetProps {
  /** Key-set name as the config names it, e.g. `production-2026-11`. */
  readonly keySetName: string;
  /** Secret name, e.g. `stripe-config/production/key-sets/production-2026-11`. */
  readonly secretName: string;
  /** Days before a deleted secret is purged; 0 deletes at once. Default 30. */
  readonly recoveryWindowInDays?: number;
  /** Tags on the secret. Default none. */
  readonly tags?: Record<string, string>;
}

/** Terraform variable that carries a key set's material (JSON) into the write-only attribute. */
export function keySetVariableName(keySetName: string): string {
  return `key_set_${keySetName.replace(/-/g, '_')}`;
}

/**
 * An immutable key set: a secret whose single version holds the secret key and webhook signing
 * secret. The value arrives through an ephemeral variable into the write-only `secret_string_wo`
 * attribute, so it never reaches the synthesized JSON, the plan or the state (facts §4.4).
 * `secret_string_wo_version` is fixed at 1: a key set is written once; rotating keys means adding
 * a new key set and pointing the config at it, which the gate checks like any other change.
 */
export class KeySet extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly material: TerraformVariable;

  constructor(scope: Construct, id: string, props: KeySetProps) {
    super(scope, id);
    this.material = new TerraformVariable(scope, keySetVariableName(props.keySetName), {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `Key material of key set ${props.keySetName} as JSON {"secretKey": "...", "webhookSigningSecret": "..."}`,
    });
    this.material.addOverride('ephemeral', true);
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.secretName,
      description: `Stripe key set ${props.keySetName} (write-once; managed by stripe-config)`,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
      tags: { ...props.tags, 'stripe-config:key-set': props.keySetName },
    });
    new SecretsmanagerSecretVersion(this, 'version', {
      secretId: this.secret.id,
      secretStringWo: this.material.stringValue,
      secretStringWoVersion: 1,
    });
  }
}
