/** What every command shares: the global options, and the targets opened for the length of one workflow. */
import { openTargets, type TargetKind, type Targets } from './targets';
import { openWorkspace, type Workspace } from './workspace';

/** What every command is told besides its own arguments (the CLI's global options). */
export interface CommandOptions {
  /** Folder of environment files; default config/environments. */
  configDir?: string;
  /** Secrets Manager: the local stand-in or real AWS; default $STRIPE_CONFIG_AWS, else local. */
  aws?: TargetKind;
  /** Stripe: the local stand-in or real test mode; default $STRIPE_CONFIG_STRIPE, else local. */
  stripe?: TargetKind;
}

/** Opens the targets the options choose on the workspace for the duration of `work`, and always closes them. */
export async function withTargets<T>(options: CommandOptions, work: (targets: Targets, workspace: Workspace) => Promise<T>): Promise<T> {
  const workspace = openWorkspace();
  const targets = await openTargets(workspace, { aws: options.aws, stripe: options.stripe });
  try {
    return await work(targets, workspace);
  } finally {
    await targets.close();
  }
}
