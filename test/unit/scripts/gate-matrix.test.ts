import { listEnvironments } from '../../../config';
import { environmentsToGate } from '../../../scripts/gate-matrix';

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
