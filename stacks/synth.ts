import path from 'node:path';
import { App } from 'cdktf';
import type { ValidatedEnvironment } from '../config';
import { accessModelFor } from './access-model';
import { AccessStack, LedgerStack } from './access-stack';
import { EnvironmentStack, stateFileRelativeToStack, type StackTarget } from './environment-stack';

export interface SynthOptions {
  /** Output folder; stacks land in `<outdir>/stacks/<environment>/cdk.tf.json`. */
  outdir: string;
  /** Folder for local Terraform state files (`<stateDir>/<environment>.tfstate`). */
  stateDir: string;
  target: StackTarget;
}

export interface SynthesizedStack {
  environment: string;
  /** Folder to run terraform in. */
  directory: string;
  /** The synthesized configuration file. */
  file: string;
}

/**
 * Stack names of the stacks an administrator applies on real AWS: `<environment>_access` (roles and
 * KMS key) and `ledger_<account>_<region>` (the ledger table). Environment names have no `_`, so
 * they never collide with an environment's own stack.
 */
export function administratorStackNames(environments: ValidatedEnvironment[]): { access: string[]; ledger: string[] } {
  return {
    access: environments.map((environment) => `${environment.environment}_access`),
    ledger: [...ledgerGroups(environments).keys()],
  };
}

/**
 * Synthesizes one stack per environment and returns where each landed. On the aws target the
 * administrator's stacks (access per environment, ledger per account and region) are synthesized
 * beside them; stripe-config itself never applies those.
 */
export function synthesizeStacks(environments: ValidatedEnvironment[], options: SynthOptions): SynthesizedStack[] {
  const outdir = path.resolve(options.outdir);
  const app = new App({ outdir, skipValidation: false });
  const stateFile = (stack: string) => stateFileRelativeToStack(outdir, stack, path.join(path.resolve(options.stateDir), `${stack}.tfstate`));
  for (const environment of environments) {
    new EnvironmentStack(app, environment.environment, {
      environment,
      target: options.target,
      localStateFile: stateFile(environment.environment),
    });
    if (options.target === 'aws') {
      const name = `${environment.environment}_access`;
      new AccessStack(app, name, { environment, localStateFile: stateFile(name) });
    }
  }
  if (options.target === 'aws') {
    for (const [name, first] of ledgerGroups(environments)) {
      new LedgerStack(app, name, { region: first.config.infrastructure.region, backend: first.config.infrastructure.backend, localStateFile: stateFile(name) });
    }
  }
  app.synth();
  return environments.map((environment) => {
    const directory = path.join(outdir, 'stacks', environment.environment);
    return { environment: environment.environment, directory, file: path.join(directory, 'cdk.tf.json') };
  });
}

/** The first environment of each account and region, by ledger stack name. */
function ledgerGroups(environments: ValidatedEnvironment[]): Map<string, ValidatedEnvironment> {
  const groups = new Map<string, ValidatedEnvironment>();
  for (const environment of environments) {
    const { accountId, region } = accessModelFor(environment);
    const name = `ledger_${accountId}_${region}`;
    if (!groups.has(name)) groups.set(name, environment);
  }
  return groups;
}
