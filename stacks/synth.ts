import path from 'node:path';
import { App } from 'cdktf';
import type { ValidatedEnvironment } from '../config';
import { EnvironmentStack, stateFileRelativeToStack, type StackTarget } from './environment-stack';

export interface SynthOptions {
  /** Output folder; stacks land in `<outdir>/stacks/<environment>/cdk.tf.json`. */
  outdir: string;
  /** Folder for local Terraform state files (`<stateDir>/<environment>.tfstate`). */
  stateDir: string;
  /** Where the stacks apply: one for all, or each environment's own (environments with different targets in one app). */
  target: StackTarget | ((environment: string) => StackTarget);
}

export interface SynthesizedStack {
  environment: string;
  /** Folder to run terraform in. */
  directory: string;
  /** The synthesized configuration file. */
  file: string;
}

/** Synthesizes one stack per environment and returns where each landed. */
export function synthesizeStacks(environments: ValidatedEnvironment[], options: SynthOptions): SynthesizedStack[] {
  const outdir = path.resolve(options.outdir);
  const app = new App({ outdir, skipValidation: false });
  for (const environment of environments) {
    const stateFile = path.join(path.resolve(options.stateDir), `${environment.environment}.tfstate`);
    new EnvironmentStack(app, environment.environment, {
      environment,
      target: typeof options.target === 'function' ? options.target(environment.environment) : options.target,
      localStateFile: stateFileRelativeToStack(outdir, environment.environment, stateFile),
    });
  }
  app.synth();
  return environments.map((environment) => {
    const directory = path.join(outdir, 'stacks', environment.environment);
    return { environment: environment.environment, directory, file: path.join(directory, 'cdk.tf.json') };
  });
}
