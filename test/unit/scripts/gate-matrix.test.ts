import { listEnvironments } from '../../../config';
import { DEPLOYED_JOBS, environmentsFor, environmentsToGate, jobSummary, type DeclaredTarget } from '../../../scripts/gate-matrix';

const ENVIRONMENTS = ['development', 'production', 'staging'];

describe('environmentsToGate', () => {
  test.each([
    { changed: ['config/environments/staging.ts'], gated: ['staging'] },
    { changed: ['config/environments/staging.ts', 'config/environments/production.ts'], gated: ['production', 'staging'] },
    { changed: ['stacks/config-secret.ts'], gated: ENVIRONMENTS },
    { changed: ['checks/journeys.ts'], gated: ENVIRONMENTS },
    { changed: ['config/rules.ts'], gated: ENVIRONMENTS },
    { changed: ['runtime/checkout.ts'], gated: ENVIRONMENTS },
    { changed: ['package-lock.json'], gated: ENVIRONMENTS },
    { changed: ['README.md', 'docs/WORKFLOWS.md'], gated: [] },
    { changed: ['config/environments/retired.ts'], gated: [] },
    { changed: [], gated: [] },
  ])('$changed gates $gated', ({ changed, gated }) => {
    expect(environmentsToGate(changed, ENVIRONMENTS)).toEqual(gated);
  });

  test('blank lines and trailing spaces from git diff are ignored', () => {
    expect(environmentsToGate(['', ' config/environments/development.ts ', ''], ENVIRONMENTS)).toEqual(['development']);
  });

  test("a file under an environment's name elsewhere does not gate it", () => {
    expect(environmentsToGate(['examples/staging.ts', 'docs/environments/staging.ts'], ENVIRONMENTS)).toEqual([]);
  });
});

test("the table's environments are the project's environment files (what the script reads)", () => {
  expect(listEnvironments()).toEqual(ENVIRONMENTS);
});

const DECLARED: DeclaredTarget[] = [
  { environment: 'development', target: 'embedded' },
  { environment: 'staging', target: { aws: { accountId: '111111111111' } } },
  { environment: 'production', target: { aws: { accountId: '222222222222' } } },
];

describe('environmentsFor: deploy, canary and rollback act only where an environment declares AWS', () => {
  test.each(Object.keys(DEPLOYED_JOBS) as (keyof typeof DEPLOYED_JOBS)[])('%s runs for the AWS targets, in the order given', (job) => {
    expect(environmentsFor(job, DECLARED).environments).toEqual(['staging', 'production']);
  });

  test.each(Object.keys(DEPLOYED_JOBS) as (keyof typeof DEPLOYED_JOBS)[])('%s skips an embedded environment and says it declares the embedded target', (job) => {
    const { skipped } = environmentsFor(job, DECLARED);
    expect(skipped.map(({ environment }) => environment)).toEqual(['development']);
    expect(skipped[0]!.why).toContain("declares `target: 'embedded'`");
  });

  test.each([
    ['deploy', 'not deployed from CI', 'npm run stripe-config -- deploy development'],
    ['canary', 'not checked', 'would check nothing'],
    ['rollback', 'NOT rolled back', 'npm run rollback -- development --reason'],
  ] as const)('the %s job says what skipping means for it and what to run instead', (job, what, instead) => {
    const [skipped] = environmentsFor(job, DECLARED).skipped;
    expect(skipped!.why).toContain(what);
    expect(skipped!.why).toContain(instead);
  });

  test('only the rollback refuses a skipped environment (a green run must not read as rolled back)', () => {
    expect(Object.entries(DEPLOYED_JOBS).filter(([, job]) => job.refuses).map(([name]) => name)).toEqual(['rollback']);
  });
});

describe('jobSummary', () => {
  test('names the environments the job runs for, then each skipped one on its own line', () => {
    const lines = jobSummary('deploy', environmentsFor('deploy', DECLARED)).trimEnd().split('\n');
    expect(lines[0]).toBe('### deploy: `staging`, `production`');
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^- `development` declares `target: 'embedded'`: not deployed from CI/)]);
  });

  test('says when no environment is left, so a skipped job does not read as a pass', () => {
    const embedded = DECLARED.map(({ environment }) => ({ environment, target: 'embedded' as const }));
    const summary = jobSummary('canary', environmentsFor('canary', embedded));
    expect(summary.split('\n')[0]).toBe('### canary: no environment declares an AWS target');
    expect(summary.match(/^- /gm)).toHaveLength(3);
  });
});
