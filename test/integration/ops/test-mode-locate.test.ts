/** Moved from test/unit/ops/test-mode.test.ts: locating an environment evaluates its file in a child process (config/evaluate.ts), which the unit lane refuses. */
import { locateEnvironment, locationOf } from '../../../config';
import { sampleEnvironment } from '../../helpers/environments';

describe("a live-mode environment's checks run in test mode", () => {
  const production = sampleEnvironment('production');
  const { testMode } = locationOf(production);

  test('rollback, which locates the environment without validating its file, finds the same test keys for its smoke', () => {
    expect(locateEnvironment('production').testMode).toEqual(testMode);
  });
});
