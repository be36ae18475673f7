/**
 * Deploy binds to the gate, through the spawned CLI as CI and on-call run it, against one world
 * (`stripe-config emulate`) that every command attaches to. Each test has an environment of its
 * own (a copy of the development sample under another name), so the tests do not depend on each
 * other: its own secrets, Terraform state and ledger partition.
 *
 * The environments whose story starts with a passing gate are gated together, once, before the
 * tests (one `stripe-config gate a b c…`, as CI gates every environment of a pull request): one
 * CLI start, one config type-check and one Chromium for all of them instead of one each. Each
 * environment still gets its own plan, journeys and attestation; each test asserts its own
 * environment's part of that run and acts on its environment only. One gated deploy is shared the
 * same way: the attested deploy of `outage`, made once before the tests, is both what the
 * attestation test asserts (from what was captured right after it) and the last good version the
 * outage replay starts from.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { loadEnvironment } from '../../../config';
import {
  documentSha256,
  keySetEnvironmentVariable,
  keySetFingerprint,
  LEDGER_TABLE,
  localDynamoDBClient,
  localSecretsManagerClient,
  openLocalLedger,
  openTargets,
  openWorkspace,
  readDocumentVersion,
  synthesizeInWorkspace,
  type DeployedDocument,
  terraformInit,
  terraformPlan,
  type LocalLedger,
  type OperationEntry,
} from '../../../ops';
import { runCli, type CliResult } from '../../helpers/cli';
import { startEmulate, type RunningEmulate } from '../../helpers/emulate';
import { scratchConfigDir } from '../../helpers/environments';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'stripe-config.js');
const KEY_SET = 'development-2026-11';
const PLANTED = { secretKey: 'sk_test_PLANTEDdeployGATEfakeKEY0123456789', webhookSigningSecret: 'whsec_PLANTEDdeployGATEwebhook0123456789' };
/** The environments that each test gates first, gated in one run before the tests. */
const GATED = ['other-bytes', 'key-change', 'outage'];

describe('deploy binds to the gate', () => {
  let home: string;
  let scratch: ReturnType<typeof scratchConfigDir>;
  let emulate: RunningEmulate;
  let ledger: LocalLedger;
  /** The one gate run of every environment in GATED. */
  let gated: CliResult;
  /** `outage` deployed after that gate, as it was right after the deploy: its rendered bytes, the CLI's output, AWSCURRENT and the ledger. */
  let attested: { json: string; deployed: CliResult; live: DeployedDocument | undefined; operations: OperationEntry[] };

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-deploy-gate-'));
    scratch = scratchConfigDir();
    emulate = await startEmulate(home);
    ledger = openLocalLedger(emulate.dynamodbUrl);
    for (const name of GATED) addEnvironment(name);
    gated = await cli(['gate', ...GATED]);
    // Rendered in a child process (config/evaluate.ts), so the outage test's edit later is read afresh.
    const json = rendered('outage');
    const deployed = await cli(['deploy', 'outage']);
    attested = { json, deployed, live: await live('outage'), operations: await operations('outage') };
  }, 1_200_000);
  afterAll(async () => {
    ledger?.close();
    await emulate?.stop();
    scratch?.remove();
    rmSync(home, { recursive: true, force: true });
  });

  /** A new environment, the development sample under another name. */
  function addEnvironment(name: string): void {
    const text = readFileSync(path.join(scratch.dir, 'development.ts'), 'utf8');
    scratch.write(name, text.replace("environment: 'development'", `environment: '${name}'`));
  }
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(['--config-dir', scratch.dir, ...args], { STRIPE_CONFIG_HOME: home, STRIPE_CONFIG_ACTOR: 'alice', ...env });
  const rendered = (name: string) => loadEnvironment(name, { configDir: scratch.dir }).rendered.json;
  const live = (name: string) => readDocumentVersion(localSecretsManagerClient(emulate.secretsManagerUrl, 'eu-west-1'), `stripe-config/${name}/config`);
  const operations = async (name: string) => (await ledger.history(name)) as OperationEntry[];

  test('a document no gate judged is refused, and so is --force without --reason', async () => {
    addEnvironment('never-gated');
    const refused = await cli(['deploy', 'never-gated']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^error: never-gated: no gate run judged this document \(sha256 [0-9a-f]{12}…\): the gate never ran on it, or the config changed after the gate; nothing was applied/);
    expect(refused.stderr).toMatch(/hint: Run `stripe-config gate never-gated`.*--force --reason/);
    expect(await live('never-gated')).toBeUndefined();
    expect(await operations('never-gated')).toEqual([
      expect.objectContaining({ action: 'deploy', actor: 'alice', forced: false, outcome: expect.objectContaining({ status: 'refused' }) }),
    ]);

    const usage = await cli(['deploy', 'never-gated', '--force']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('deploy --force needs --reason');
  }, 600_000);

  test('a document whose bytes differ from what the gate judged is refused', async () => {
    expect(gated.code).toBe(0);
    scratch.edit('other-bytes', "captureMethod: 'automatic'", "captureMethod: 'manual'");
    const refused = await cli(['deploy', 'other-bytes']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`other-bytes: no gate run judged this document (sha256 ${documentSha256(rendered('other-bytes')).slice(0, 12)}…)`);
    expect(await live('other-bytes')).toBeUndefined();
  }, 900_000);

  test('a passing attestation deploys exactly these bytes, with the plan the gate saw', async () => {
    const { json } = attested;
    expect(gated.code).toBe(0);
    const attestation = await ledger.findAttestation('outage', documentSha256(json));
    expect(attestation).toMatchObject({
      verdict: 'pass',
      gateVerdict: 'pass',
      actor: 'alice',
      // The checkout's commit (HEAD may move while the test runs, so: a commit of this repository).
      gitCommit: expect.stringMatching(/^[0-9a-f]{40}$/),
      runtimeVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      keySetFingerprints: { [KEY_SET]: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      planSummary: { add: expect.any(Number), destroy: 0, changes: expect.arrayContaining([{ address: expect.stringContaining('aws_secretsmanager_secret'), action: 'create' }]) },
    });

    execFileSync('git', ['cat-file', '-e', `${attestation!.gitCommit}^{commit}`]);

    const { deployed } = attested;
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toMatch(/^deployed outage: AWSCURRENT is version \S+ in \d+ ms \(\d+ to add/m);
    expect(attested.live?.json).toBe(json);
    const [deploy] = attested.operations;
    expect(deploy).toMatchObject({ action: 'deploy', forced: false, details: { documentSha256: documentSha256(json) }, outcome: { status: 'ok' } });
  }, 900_000);

  test('key material changed after the gate is refused, and no key material reaches the ledger, the reports or the output', async () => {
    const planted = { [keySetEnvironmentVariable(KEY_SET)]: JSON.stringify(PLANTED) };
    const outputs = [gated];
    expect(outputs[0].code).toBe(0);

    outputs.push(await cli(['deploy', 'key-change'], planted));
    expect(outputs[1].code).toBe(3);
    expect(outputs[1].stderr).toContain(`but with other key material: key set ${KEY_SET} differs from what the gate used; nothing was applied`);

    // Gated with the planted key, the stand-in does not know it: the gate blocks, and says so in the ledger.
    const reports = path.join(home, 'reports-key-change');
    outputs.push(await cli(['gate', 'key-change', '--report-dir', reports], planted));
    expect(outputs[2].code).toBe(1);
    const attestation = await ledger.findAttestation('key-change', documentSha256(rendered('key-change')), {
      keySetFingerprints: { [KEY_SET]: keySetFingerprint(PLANTED) },
    });
    expect(attestation).toMatchObject({ verdict: 'fail', gateVerdict: 'blocked' });
    outputs.push(await cli(['deploy', 'key-change'], planted));
    expect(outputs[3].code).toBe(3);
    expect(outputs[3].stderr).toMatch(/key-change: the gate did not pass this document .* was blocked \(by alice\)/);
    expect(await live('key-change')).toBeUndefined();

    const items = JSON.stringify((await localDynamoDBClient(emulate.dynamodbUrl).send(new ScanCommand({ TableName: LEDGER_TABLE }))).Items);
    const texts = [items, ...readdirSync(reports).map((file) => readFileSync(path.join(reports, file), 'latin1')), ...outputs.map((o) => o.stdout + o.stderr)];
    expect(readdirSync(reports)).toEqual(expect.arrayContaining(['gate.md', 'gate.json', 'gate.html', 'junit.xml']));
    for (const text of texts) {
      expect(text).not.toContain(PLANTED.secretKey);
      expect(text).not.toContain(PLANTED.webhookSigningSecret);
    }
  }, 1_200_000);

  test('the outage replayed: a bad change forced past the gate fails its smoke, rolls itself back and holds', async () => {
    // The gated deploy made before the tests: the last good version.
    expect(gated.code).toBe(0);
    expect(attested.deployed.code).toBe(0);
    const lastGood = attested.live;

    // The seed outage's kind of change: keys and settings that no longer belong together (another account's publishable key).
    scratch.edit('outage', "publishableKey: 'pk_test_51LocalDevelopmentPublishable'", "publishableKey: 'pk_test_51LocalStagingPublishable'");
    const forced = await cli(['deploy', 'outage', '--force', '--reason', 'INC-7 hotfix, no time for the gate']);
    expect(forced.code).toBe(1);
    expect(forced.stdout).toContain('FORCED past the gate: INC-7 hotfix, no time for the gate');
    expect(forced.stdout).toMatch(/CHANGED, THEN FAILED: AWSCURRENT was \S+ \(verified\); then the smoke journeys failed: keys .*; rolled back automatically to \S+ \(verified, smoke passed\); on hold/);
    expect(forced.stdout).toMatch(/outage is on hold \(rolled back \S+ → \S+: automatic: the smoke failed after deploy /);

    const now = await live('outage');
    expect(now).toMatchObject({ versionId: lastGood!.versionId, json: lastGood!.json });
    expect(await ledger.getHold('outage')).toMatchObject({
      actor: 'alice',
      reason: expect.stringMatching(new RegExp(`^rolled back \\S+ → ${lastGood!.versionId}: automatic: the smoke failed after deploy `)),
    });
    const [rollback, bad, first] = await operations('outage');
    expect(first).toMatchObject({ action: 'deploy', actor: 'alice', forced: false, outcome: { status: 'ok', liveVersionAfter: lastGood!.versionId } });
    expect(bad).toMatchObject({
      action: 'deploy',
      actor: 'alice',
      forced: true,
      reason: 'INC-7 hotfix, no time for the gate',
      fromVersionId: lastGood!.versionId,
      outcome: { status: 'changed-then-failed', liveVersionAfter: lastGood!.versionId, detail: expect.stringContaining('then the smoke journeys failed') },
    });
    expect(rollback).toMatchObject({
      action: 'rollback',
      actor: 'alice',
      reason: `automatic: the smoke failed after deploy ${bad.operationId}`,
      toVersionId: lastGood!.versionId,
      outcome: { status: 'ok', liveVersionAfter: lastGood!.versionId },
    });

    // On hold: the next deploy is refused, forced or not.
    const again = await cli(['deploy', 'outage', '--force', '--reason', 'try again']);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/outage is on hold: set by alice at \S+: rolled back .*automatic: the smoke failed after deploy .*; deploys are refused until it is released/);

    // The bad config is still in git; Terraform does not re-apply it (the version's stages are not pinned).
    const workspace = openWorkspace(home);
    const targets = await openTargets(workspace, { local: true });
    try {
      const environment = loadEnvironment('outage', { configDir: scratch.dir });
      const [stack] = synthesizeInWorkspace([environment], workspace, targets.stackTarget);
      const context = await targets.terraformContext(environment, stack.directory);
      await terraformInit(context);
      const plan = await terraformPlan(context);
      expect(plan.changes).toEqual([]);
      expect(plan.changed).toBe(false);
    } finally {
      await targets.close();
    }
    expect((await live('outage'))?.versionId).toBe(lastGood!.versionId);
  }, 1_500_000);

  test('kill -9 of deploy during apply leaves no Terraform behind, and the ledger without an outcome', async () => {
    // Forced past the gate: what is killed is the apply, whichever way the deploy got there (a gate first would cost a plan and its journeys).
    addEnvironment('killed');
    const child = execChild(['--config-dir', scratch.dir, 'deploy', 'killed', '--force', '--reason', 'test: killed during apply']);
    const apply = await waitFor(() => processesUnder(home).find((proc) => proc.args.includes('apply')), 900_000);
    expect(apply).toBeDefined();
    child.kill('SIGKILL');
    // Terraform gets SIGTERM from the kernel (pdeathsig), finishes gracefully and exits, with its provider.
    const left = await waitFor(() => (processesUnder(home).length === 0 ? [] : undefined), 60_000);
    expect(left ?? processesUnder(home)).toEqual([]);
    const [deploy] = await operations('killed');
    expect(deploy).toMatchObject({ action: 'deploy', forced: true, outcome: 'unknown' });
    const history = await cli(['history', 'killed']);
    expect(history.stdout).toMatch(/outcome unknown \(the process stopped, or is still running\); AWSCURRENT now: \S+/);
  }, 1_800_000);

  function execChild(args: string[]) {
    return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, STRIPE_CONFIG_HOME: home, STRIPE_CONFIG_ACTOR: 'alice' }, stdio: 'ignore' });
  }
});

/** Processes (other than emulate) working in a folder under `root`: Terraform and its provider run in the stack's folder. */
function processesUnder(root: string): Array<{ pid: number; args: string[] }> {
  const found: Array<{ pid: number; args: string[] }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (!cwd.startsWith(root + path.sep)) continue;
      found.push({ pid: Number(entry), args: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}
