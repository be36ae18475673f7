import { ConfigError } from '../../../config/errors';
import { CheckError } from '../../../checks/errors';
import { OpsError } from '../../../ops/errors';
import { gateRunVerdict, gateStop } from '../../../ops/gate-run';
import { readRun } from '../../../reports/reading';
import { blockedRun, notAcceptedRun, passRun } from '../../helpers/gate-runs';

describe('a gate run that stopped early', () => {
  test.each([
    ['a config error', new ConfigError('config_not_found', 'No environment files in /tmp/empty'), 'config'],
    ['an environment that does not type-check', new ConfigError('config_type_error', 'production: TypeScript errors'), 'config'],
    ['a usage error', new OpsError('usage', '--region and --secret-id go together'), 'usage'],
    ['Terraform failing', new OpsError('terraform_failed', 'terraform plan failed'), 'infrastructure'],
    ['Chromium not starting', new CheckError('browser_unavailable', 'Chromium did not start'), 'infrastructure'],
  ] as const)('%s is a %s stop, with its code and message', (_case, error, kind) => {
    expect(gateStop(error, 'production')).toEqual({ kind, code: error.code, message: error.message, environment: 'production' });
  });

  test('a failure that is not ours is an infrastructure stop that says it is a bug and keeps the stack', () => {
    const stop = gateStop(new TypeError("Cannot read properties of undefined (reading 'plan')"));
    expect(stop).toMatchObject({ kind: 'infrastructure', code: 'unexpected', message: "unexpected error: Cannot read properties of undefined (reading 'plan')" });
    expect(stop.detail).toMatch(/^TypeError: Cannot read/);
  });

  test.each([
    ['config', 'config-error'],
    ['usage', 'usage-error'],
    ['infrastructure', 'undecided'],
  ] as const)('a %s stop makes the run %s', (kind, verdict) => {
    expect(gateRunVerdict(passRun().environments, { kind, code: 'usage', message: 'x' })).toBe(verdict);
  });

  test('an environment blocked before an infrastructure stop keeps the run blocked (exit 1 over 4)', () => {
    expect(gateRunVerdict(blockedRun().environments, { kind: 'infrastructure', code: 'terraform_failed', message: 'x' })).toBe('blocked');
  });

  test('without a stop the worst environment decides', () => {
    expect(gateRunVerdict([...passRun().environments, ...notAcceptedRun().environments])).toBe('not-accepted');
  });
});

describe("a passing environment's verdict line", () => {
  test('with fields changed and no journey changed, it says what was judged and points at the fields, never "nothing changes"', () => {
    // passRun: the statement descriptor suffix changes, which customers read on statements and no journey sees.
    const [line] = readRun(passRun()).lines;
    expect(line).toMatchObject({ verdict: 'pass', summary: 'journeys unchanged; 1 field changed (listed below)', todo: 'ready to deploy' });
  });

  test('with no field changed and no journey changed, nothing changes for customers', () => {
    const run = passRun();
    run.environments[0] = { ...run.environments[0], changes: [] };
    expect(readRun(run).lines[0]).toMatchObject({ verdict: 'pass', summary: 'nothing changes for customers' });
  });
});
