/**
 * Issue 9, acceptance 3: history run from a second clone sees the deploys and rollbacks made from
 * the first, with who and why. On the embedded default the shared state is what `emulate` serves
 * (as AWS would be for a real target): the second clone has its own config folder and its own
 * processes, and reaches the first's stand-ins and ledger only through STRIPE_CONFIG_HOME, as
 * docs/ARCHITECTURE.md ("A second clone") tells a team to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli';
import { seedStagingThenChallenge } from '../../helpers/deployed-documents';
import { startEmulate, type RunningEmulate } from '../../helpers/emulate';
import { scratchConfigDir } from '../../helpers/environments';

describe('a second clone', () => {
  let home: string;
  let emulate: RunningEmulate | undefined;
  let firstClone: ReturnType<typeof scratchConfigDir>;
  let secondClone: ReturnType<typeof scratchConfigDir>;
  const versions: string[] = [];

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-first-clone-'));
    firstClone = scratchConfigDir();
    secondClone = scratchConfigDir();
    emulate = await startEmulate(home);
    // Two deployed versions of staging, stored as Terraform stores them (this file tests the shared ledger, not Terraform).
    versions.push(...(await seedStagingThenChallenge(home)));
  }, 120_000);

  afterAll(async () => {
    await emulate?.stop();
    firstClone?.remove();
    secondClone?.remove();
    rmSync(home, { recursive: true, force: true });
  });

  test("sees the first clone's rollback and hold, with who and why, and is refused the same second rollback", async () => {
    const first = await runCli(['--config-dir', firstClone.dir, 'rollback', 'staging', '--reason', 'INC-42 challenge for everyone'], {
      STRIPE_CONFIG_HOME: home,
      STRIPE_CONFIG_ACTOR: 'alice-laptop',
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`AWSCURRENT ${versions[1]} → ${versions[0]}`);

    const asBob = { STRIPE_CONFIG_HOME: home, STRIPE_CONFIG_ACTOR: 'bob-ci' };
    const history = await runCli(['--config-dir', secondClone.dir, 'history', 'staging'], asBob);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/rollback[^\n]*alice-laptop[^\n]*/);
    expect(history.stdout).toContain('INC-42 challenge for everyone');
    expect(history.stdout).toContain(versions[0]);

    const status = await runCli(['--config-dir', secondClone.dir, 'status', 'staging'], asBob);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/hold[^\n]*alice-laptop/i);

    // The second clone's on-call does not undo the first's rollback by running it again.
    const again = await runCli(['--config-dir', secondClone.dir, 'rollback', 'staging', '--reason', 'INC-42 again'], asBob);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already rolled back[^\n]*alice-laptop/);
  }, 180_000);
});
