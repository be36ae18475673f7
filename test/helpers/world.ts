import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
  return openWorldIn(mkdtempSync(path.join(os.tmpdir(), 'stripe-config-test-')));
}

/** A world prepared once, handed to each test as a copy of its own. */
export interface WorldSnapshot {
  /** A new world in a copy of the prepared workspace: its stand-ins' state, Terraform state and stacks, audit log. */
  open(): Promise<TestWorld>;
  remove(): void;
}

/**
 * Prepares a world once (say, one deploy through Terraform) and keeps its workspace, so that each
 * test of a file can start from that state without paying for the preparation again, and without
 * seeing what another test did. The stand-ins persist their state under the workspace and the stack
 * folders keep their `terraform init` (ops/terraform.ts skips it in the copy).
 */
export async function snapshotWorld(prepare: (world: TestWorld) => Promise<void>): Promise<WorldSnapshot> {
  const world = await openTestWorld();
  try {
    await prepare(world);
  } catch (error) {
    await world.close();
    throw error;
  }
  // Closed first, so every stand-in has written its state and released the workspace's lock.
  await world.targets.close();
  const root = world.workspace.root;
  return {
    open: () => {
      const copy = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-test-'));
      // verbatimSymlinks: the provider stays a link into the mirror, not a 700 MB copy.
      cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
      return openWorldIn(copy);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

async function openWorldIn(root: string): Promise<TestWorld> {
  const workspace = openWorkspace(root);
  const targets = await openTargets(workspace, { aws: 'local', stripe: 'local' });
  return {
    workspace,
    targets,
    close: async () => {
      await targets.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
