/** A private workspace and config variants for the benchmarks, so they never touch .stripe-config/. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateEnvironmentValue, type ValidatedEnvironment } from '../config';
import { openWorkspace, type Workspace } from '../ops';

export interface ScratchWorkspace {
  workspace: Workspace;
  remove(): void;
}

/** A workspace in a fresh temp folder; its root can be handed to the CLI as STRIPE_CONFIG_HOME. */
export function scratchWorkspace(name: string): ScratchWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), `stripe-config-bench-${name}-`));
  return { workspace: openWorkspace(root), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A validated copy of an environment with one change applied, like a pull request would make. */
export function variantOf(base: ValidatedEnvironment, change: (config: ValidatedEnvironment['config']) => void): ValidatedEnvironment {
  const config = structuredClone(base.config);
  change(config);
  const { validated, problems } = validateEnvironmentValue(base.environment, config);
  if (!validated) throw new Error(`benchmark variant of ${base.environment} is invalid: ${JSON.stringify(problems)}`);
  return validated;
}
