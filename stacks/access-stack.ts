import path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ValidatedEnvironment } from '../config';
import { accessModelFor, LEDGER_TABLE_NAME, type AccessModel } from './access-model';
import { siblingStateKey, useBackend } from './backend';
import { AccessRoles } from './constructs/access-roles';
import { EnvironmentKey } from './constructs/environment-key';
import { LedgerTable } from './constructs/ledger-table';

export interface AccessStackProps {
  /** The validated environment whose roles and key these are. */
  readonly environment: ValidatedEnvironment;
  /** Local state file, used when the environment has no S3 backend. */
  readonly localStateFile: string;
}

/**
 * An environment's gate, deploy and on-call roles and its KMS key (real AWS only: the stand-ins serve
 * no IAM or KMS). An administrator applies it, not stripe-config: a deploy role able to change its
 * own policy or the key policy would be able to grant itself live key material. Its state sits
 * beside the environment stack's (`<key>.access.tfstate`).
 */
export class AccessStack extends TerraformStack {
  readonly model: AccessModel;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    super(scope, id);
    const { environment: name, config } = props.environment;
    const { backend, region, tags } = config.infrastructure;
    new AwsProvider(this, 'aws', { region });
    useBackend(this, backend, backend ? siblingStateKey(backend.key, 'access') : '', props.localStateFile);
    this.model = accessModelFor(props.environment);
    const allTags = { ...tags, 'stripe-config:environment': name };
    const roles = new AccessRoles(this, 'roles', { model: this.model, state: backend ? { backend } : undefined, tags: allTags });
    const model = this.model;
    if (model.kmsKey) new EnvironmentKey(this, 'key', { model: { ...model, kmsKey: model.kmsKey }, tags: allTags, roles: Object.values(roles.roles) });
    for (const [role, iamRole] of Object.entries(roles.roles)) {
      new TerraformOutput(this, `${role.replace('-', '_')}_role_arn`, { value: iamRole.arn });
    }
  }
}

export interface LedgerStackProps {
  readonly region: string;
  /** S3 backend of an environment in this account and region; the ledger's state sits beside its state. Default local. */
  readonly backend?: NonNullable<ValidatedEnvironment['config']['infrastructure']['backend']>;
  readonly localStateFile: string;
}

/** The ledger table of one account and region, shared by its environments (each confined to its partition). */
export class LedgerStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: LedgerStackProps) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: props.region });
    // One ledger per account and region: its state beside the environments' as `stripe-config-ledger.tfstate`.
    const key = props.backend ? path.posix.join(path.posix.dirname(props.backend.key), `${LEDGER_TABLE_NAME}.tfstate`) : '';
    useBackend(this, props.backend, key, props.localStateFile);
    new LedgerTable(this, 'ledger', { name: LEDGER_TABLE_NAME, tags: { 'stripe-config:ledger': 'true' } });
  }
}
