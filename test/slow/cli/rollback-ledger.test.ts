/**
 * The spawned CLI under races and kill -9, against stand-ins this test serves (as `emulate` would),
 * so that it keeps their fault controls: a rollback killed after its intent, after the move and
 * after the hold leaves `history` telling the truth, and the next rollback takes the dead process's
 * lock over (recorded), never re-applying the bad version. Smoke cannot run in this world
 * (CHROMIUM_PATH points at nothing, or at a browser that never starts): that is reported too.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locationOf, validateEnvironmentValue } from '../../../config';
import { findLabelHolders, type OperationEntry } from '../../../ops';
import { sampleEnvironment } from '../../helpers/environments';
import { serveWorld, spawnCli, waitFor, type ServedWorld } from '../../helpers/served-world';

const GOOD = sampleEnvironment('staging');
const BAD = (() => {
  const config = structuredClone(GOOD.config);
  config.payments.threeDSecure = 'any';
  return validateEnvironmentValue('staging', config).validated!;
})();
const { region, configSecretId } = locationOf(GOOD);
const MOVE = 'UpdateSecretVersionStage';

let world: ServedWorld;
let good: string;
let bad: string;
let scratch: string;
let hangingChromium: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-chromium-'));
  // A browser that never answers: the smoke hangs in its launch, after the hold, until the test kills the CLI.
  hangingChromium = path.join(scratch, 'chromium');
  writeFileSync(hangingChromium, '#!/bin/sh\nexec sleep 20\n');
  chmodSync(hangingChromium, 0o755);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeEach(async () => {
  world = await serveWorld();
  [good, bad] = await world.seed(configSecretId, region, [GOOD.rendered.json, BAD.rendered.json]);
});
afterEach(() => world.close());

const env = (chromium = path.join(scratch, 'no-such-chromium')) => ({ STRIPE_CONFIG_HOME: world.home, CHROMIUM_PATH: chromium, STRIPE_CONFIG_ACTOR: 'oncall' });
const rollbackCli = (reason: string, chromium?: string) => spawnCli(['rollback', 'staging', '--reason', reason], env(chromium));
const cli = async (args: string[]) => spawnCli(args, env()).done;
const labels = () => findLabelHolders(world.client(region), configSecretId);
const operations = async () => (await world.ledger.history('staging')).filter((entry): entry is OperationEntry => entry.kind === 'operation');
const rollbackIntent = async () => (await operations()).some((entry) => entry.action === 'rollback' && entry.toVersionId === good);

test('two rollbacks at once: exactly one moves the label; the other is refused (exit 3) naming the winner', async () => {
  const [a, b] = [rollbackCli('INC-1 A'), rollbackCli('INC-1 B')];
  const results = await Promise.all([a.done, b.done]);
  const refused = results.filter((result) => result.code === 3);
  const moved = results.filter((result) => /AWSCURRENT is now terraform-\d+ \(verified\)/.test(result.stderr));
  expect(refused).toHaveLength(1);
  expect(moved).toHaveLength(1);
  const winner = (await operations()).find((entry) => entry.action === 'rollback' && entry.fromVersionId === bad)!;
  expect(refused[0].stderr).toMatch(new RegExp(`error: staging (is locked by oncall on .*operation ${winner.operationId}|is already rolled back to ${good} by oncall)`));
  expect(await labels()).toEqual({ current: good, previous: bad });
}, 60_000);

test('a smoke that cannot run after the move: reported, recorded, exit 4', async () => {
  const result = await rollbackCli('INC-2').done;
  expect(result.code).toBe(4);
  expect(result.stderr).toMatch(
    new RegExp(`^error: staging: AWSCURRENT is now ${good} \\(verified\\); then the smoke journeys could not run: CHROMIUM_PATH=\\S+ does not exist\\n`),
  );
  expect((await operations())[0].outcome).toMatchObject({ status: 'changed-then-failed', liveVersionAfter: good });
  const history = await cli(['history', 'staging']);
  expect(history.code).toBe(0);
  expect(history.stdout).toMatch(/changed-then-failed; live after: terraform-\d+; AWSCURRENT is now/);
}, 60_000);

describe('kill -9 at each step leaves history telling the truth, and the next rollback takes the lock over', () => {
  test('after the intent, before the move', async () => {
    world.secretsManager.faults.add({ match: MOVE, latencyMs: 60_000, status: 500 }); // the move never lands
    const run = rollbackCli('INC-3');
    await waitFor('the intent', rollbackIntent);
    run.child.kill('SIGKILL');
    await run.done;
    world.secretsManager.faults.clear();

    const history = await cli(['history', 'staging']);
    expect(history.stdout).toContain(`outcome unknown (the process stopped, or is still running); AWSCURRENT now: ${bad}`);
    expect(await labels()).toEqual({ current: bad, previous: good });

    const next = await rollbackCli('INC-3 again').done;
    expect(next.stderr).toContain(`AWSCURRENT is now ${good} (verified)`);
    expect((await operations()).find((entry) => entry.action === 'unlock')).toMatchObject({ reason: expect.stringMatching(/^lock taken over: .*is gone/), outcome: expect.objectContaining({ status: 'ok' }) });
  }, 90_000);

  test('after the move, before the hold: the next rollback refuses to re-apply the version left', async () => {
    world.secretsManager.faultsAfterHandling.add({ match: MOVE, latencyMs: 60_000 }); // moved; the answer never arrives
    const run = rollbackCli('INC-4');
    await waitFor('the move', async () => (await labels()).current === good);
    run.child.kill('SIGKILL');
    await run.done;
    world.secretsManager.faultsAfterHandling.clear();

    const history = await cli(['history', 'staging']);
    expect(history.stdout).toContain(`AWSCURRENT now: ${good}`);
    expect(history.stdout).toContain('outcome unknown');

    const next = await rollbackCli('INC-4 again').done;
    expect(next.code).toBe(3);
    expect(next.stderr).toContain(`AWSPREVIOUS is ${bad}, which a rollback already left`);
    expect(await labels()).toEqual({ current: good, previous: bad });
    expect((await operations()).some((entry) => entry.action === 'unlock')).toBe(true);
  }, 90_000);

  test('after the hold, during the smoke: status shows the hold, the next rollback says where it stands', async () => {
    const run = rollbackCli('INC-5', hangingChromium);
    await waitFor('the hold', async () => Boolean(await world.ledger.getHold('staging')));
    run.child.kill('SIGKILL');
    await run.done;

    const status = await cli(['status', 'staging']);
    expect(status.stdout).toContain(`live: ${good}`);
    expect(status.stdout).toMatch(/hold: ON HOLD, set by oncall at \S+: rolled back .*: INC-5/);
    expect(status.stdout).toMatch(/last operation: rollback by oncall at \S+: outcome unknown/);

    const next = await rollbackCli('INC-5 again').done;
    expect(next.code).toBe(3);
    expect(next.stderr).toMatch(new RegExp(`error: staging is already rolled back to ${good} by oncall at \\S+ \\(INC-5\\); on hold`));
    expect(await labels()).toEqual({ current: good, previous: bad });
  }, 90_000);
});

test('hold, release and unlock need a reason, and each is recorded', async () => {
  expect(await cli(['hold', 'staging'])).toMatchObject({ code: 2, stderr: expect.stringContaining('hold staging: --reason is required') });
  expect(await cli(['hold', 'staging', '--reason', 'freeze for the sale'])).toMatchObject({ code: 0, stdout: expect.stringContaining('staging is on hold') });
  expect(await cli(['release', 'staging', '--reason', 'sale over'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Deploys are accepted again') });
  expect(await cli(['release', 'staging', '--reason', 'again'])).toMatchObject({ code: 3, stderr: expect.stringContaining('staging is not on hold') });
  expect(await cli(['unlock', 'staging', '--reason', 'nothing held'])).toMatchObject({ code: 0, stdout: 'staging was not locked: nothing to break\n' });
  expect((await operations()).map((entry) => [entry.action, entry.outcome === 'unknown' ? 'unknown' : entry.outcome.status])).toEqual([
    ['unlock', 'ok'],
    ['release', 'refused'],
    ['release', 'ok'],
    ['hold', 'ok'],
  ]);
}, 60_000);
