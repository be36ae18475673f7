/**
 * Entry point for `npx cdktf synth` (see cdktf.json): one stack per environment file, for the
 * target in $STRIPE_CONFIG_AWS (default: the local stand-in). `stripe-config synth` does the same
 * through synthesizeStacks.
 */
import path from 'node:path';
import { App } from 'cdktf';
import { listEnvironments, loadEnvironment } from '../config';
import { EnvironmentStack, stateFileRelativeToStack } from './environment-stack';

const target = process.env.STRIPE_CONFIG_AWS === 'real' ? 'aws' : 'local';
const stateDir = path.resolve(process.env.STRIPE_CONFIG_HOME ?? path.join(__dirname, '..', '.stripe-config'), target, 'terraform');
const app = new App();
for (const name of listEnvironments()) {
  new EnvironmentStack(app, name, {
    environment: loadEnvironment(name),
    target,
    localStateFile: stateFileRelativeToStack(app.outdir, name, path.join(stateDir, `${name}.tfstate`)),
  });
}
app.synth();
