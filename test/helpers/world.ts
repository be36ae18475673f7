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

/**
 * Registers the hooks of a file (or `describe`) whose tests each start from one prepared world:
 * `prepare` runs once, before them (say, one deploy through Terraform), and each test gets a copy of
 * the result of its own through `use`: the workspace with its stand-ins' state, Terraform state and
 * stacks (whose `terraform init` the copy keeps), and audit log, with the stand-ins started on it.
 * Tests thus share the cost of preparing, never each other's changes.
 */
export function preparedWorldForEachTest(prepare: (world: TestWorld) => Promise<void>, use: (world: TestWorld) => void, prepareTimeoutMs = 240_000): void {
  let prepared: string | undefined;
  let current: TestWorld | undefined;
  beforeAll(async () => {
    const world = await openTestWorld();
    try {
      await prepare(world);
    } catch (error) {
      await world.close();
      throw error;
    }
    // Closed, so every stand-in has written its state and released the workspace's lock.
    await world.targets.close();
    prepared = world.workspace.root;
  }, prepareTimeoutMs);
  afterAll(() => prepared && rmSync(prepared, { recursive: true, force: true }));
  beforeEach(async () => {
    if (!prepared) throw new Error('the world these tests start from could not be prepared: see the error in beforeAll');
    const copy = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-test-'));
    // verbatimSymlinks: the provider stays a link into the mirror, not a 700 MB copy.
    cpSync(prepared, copy, { recursive: true, verbatimSymlinks: true });
    current = await openWorldIn(copy);
    use(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
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
