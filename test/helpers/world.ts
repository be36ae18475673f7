import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTargets, openWorkspace, type Targets, type Workspace } from '../../ops';

export interface TestWorld {
  workspace: Workspace;
  targets: Targets;
  close(): Promise<void>;
}

/** A private workspace (temp folder) with both stand-ins on random loopback ports. */
export async function openTestWorld(): Promise<TestWorld> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-test-'));
  const workspace = openWorkspace(root);
  const targets = await openTargets(workspace, { local: true });
  return {
    workspace,
    targets,
    close: async () => {
      await targets.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
