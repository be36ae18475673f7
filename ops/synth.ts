/** Synthesizes stacks into the workspace, as gate, deploy and `stripe-config synth` all do. */
import type { ValidatedEnvironment } from '../config';
import { synthesizeStacks, type StackTarget, type SynthesizedStack } from '../stacks';
import type { Workspace } from './workspace';

/** The stacks under `outdir` (default the workspace's cdktf.out), with local Terraform state kept per target in the workspace. */
export function synthesizeInWorkspace(
  environments: ValidatedEnvironment[],
  workspace: Workspace,
  target: StackTarget,
  outdir = workspace.synthDir,
): SynthesizedStack[] {
  return synthesizeStacks(environments, { outdir, stateDir: workspace.stateDir(target), target });
}
