import path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { secretNamesFor, type ValidatedEnvironment } from '../config';
import { accessModelFor } from './access-model';
import { useBackend } from './backend';
import { ConfigSecret } from './constructs/config-secret';
import { KeySet } from './constructs/key-set';
import { SecretPolicies } from './constructs/secret-policies';

/** Where the stack applies: the local Secrets Manager stand-in, or real AWS. */
export type StackTarget = 'local' | 'aws';

/** Variable that carries the stand-in's URL on local targets (random port, so not baked in). */
export const LOCAL_ENDPOINT_VARIABLE = 'secretsmanager_endpoint';
/** A loopback http URL, as a Terraform regex (RE2 in an HCL string: backslashes doubled). */
const LOOPBACK_URL = '^http://(127\\\\.0\\\\.0\\\\.1|localhost|\\\\[::1\\\\])(:[0-9]+)?(/.*)?$';

export interface EnvironmentStackProps {
  /** The validated environment, with its rendered runtime document. */
  readonly environment: ValidatedEnvironment;
  /** Default 'local'. */
  readonly target?: StackTarget;
  /** Folder of the local Terraform state, used when no S3 backend is configured. Relative paths are kept relative. */
  readonly localStateFile: string;
}

/**
 * One stack per environment, applied by the deploy role: config secret and version, key-set secrets
 * (no material: ops/key-set-material.ts writes it), their resource policies, provider and backend.
 * The roles, the KMS key and the ledger table are in the access and ledger stacks
 * (stacks/access-stack.ts), which an administrator applies: the deploy role can change none of them.
 */
export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { environment: name, config, rendered } = props.environment;
    const infrastructure = config.infrastructure;
    const target = props.target ?? 'local';
    const names = secretNamesFor(name, config);
    const tags = { ...infrastructure.tags, 'stripe-config:environment': name };

    if (target === 'local') {
      // The stand-in's URL reaches the provider through its environment (AWS_ENDPOINT_URL_SECRETS_MANAGER,
      // set by ops/targets.ts), not an `endpoints` block: with the hashicorp/aws provider 5.100.0 an
      // `endpoints` block costs about 6.5 s of CPU in every plan and apply (docs/BENCHMARKS.md, section 7),
      // and without it the provider block is production's, plus the skips. The variable stays required
      // and loopback-only, so this stack never plans or applies without a stand-in named.
      new TerraformVariable(this, LOCAL_ENDPOINT_VARIABLE, {
        type: 'string',
        description: 'URL of the local Secrets Manager stand-in (stripe-config passes it, and points the provider at it)',
        validation: [
          {
            condition: `\${can(regex("${LOOPBACK_URL}", var.${LOCAL_ENDPOINT_VARIABLE}))}`,
            errorMessage: 'The local stack talks to the Secrets Manager stand-in on loopback only (http://127.0.0.1:<port>).',
          },
        ],
      });
      // No credentials check, account lookup or metadata probe: nothing may leave loopback (facts §1.5).
      new AwsProvider(this, 'aws', {
        region: infrastructure.region,
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: 'true',
        skipRegionValidation: true,
      });
    } else {
      new AwsProvider(this, 'aws', { region: infrastructure.region });
    }

    useBackend(this, target === 'aws' ? infrastructure.backend : undefined, infrastructure.backend?.key ?? '', props.localStateFile);

    const model = accessModelFor(props.environment);
    const recoveryWindowInDays = infrastructure.recoveryWindowInDays;
    // By alias ARN: the key lives in the access stack. The local stand-in stores the id as given.
    const kmsKeyId = model.kmsKey?.aliasArn;
    const configSecret = new ConfigSecret(this, 'config', {
      name: names.config,
      document: rendered.json,
      recoveryWindowInDays,
      kmsKeyId,
      tags,
    });
    const keySets = infrastructure.keySets.map(
      (keySetName) =>
        new KeySet(this, `key-set-${keySetName}`, {
          keySetName,
          secretName: names.keySet(keySetName),
          recoveryWindowInDays,
          kmsKeyId,
          tags,
        }),
    );
    new SecretPolicies(this, 'secret-policies', {
      model,
      secrets: new Map([[names.config, configSecret.secret], ...keySets.map((keySet) => [keySet.secretName, keySet.secret] as const)]),
    });

    new TerraformOutput(this, 'config_secret_arn', { value: configSecret.secret.arn });
    new TerraformOutput(this, 'config_version_id', { value: configSecret.version.versionId });
  }
}

/** Relative path from a stack's synthesized folder to its local state file. */
export function stateFileRelativeToStack(outdir: string, stackName: string, stateFile: string): string {
  return path.relative(path.join(outdir, 'stacks', stackName), stateFile);
}
