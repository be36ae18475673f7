/** Synthesizes stacks into the workspace, as gate, deploy and `stripe-config synth` all do. */
import type { ValidatedEnvironment } from '../config';
import type { StackTarget, SynthesizedStack } from '../stacks';
import type { Workspace } from './workspace';

// Loaded when stacks are synthesized (or Terraform runs, ops/targets.ts): cdktf and the AWS
// provider's bindings take a noticeable part of a second to load, and rollback and history need neither.
export const stacks = () => require('../stacks') as typeof import('../stacks');

/**
 * The stacks under `outdir` (default the workspace's cdktf.out), with local Terraform state kept per
 * target in the workspace; `target` is one for all, or each environment's own (`stripe-config synth`
 * of environments that live in different places).
 */
export function synthesizeInWorkspace(
  environments: ValidatedEnvironment[],
  workspace: Workspace,
  target: StackTarget | ((environment: string) => StackTarget),
  outdir = workspace.synthDir,
): SynthesizedStack[] {
  if (typeof target === 'string') return stacks().synthesizeStacks(environments, { outdir, stateDir: workspace.stateDir(target), target });
  // Local state only matters to the 'local' stacks: an AWS stack keeps its state in its S3 backend.
  return stacks().synthesizeStacks(environments, { outdir, stateDir: workspace.stateDir('local'), target });
}
