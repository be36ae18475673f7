/** Moved from test/unit/config/secret-strings.test.ts: inspecting a file evaluates it in a child process (config/evaluate.ts), which the unit lane refuses. */
import { inspectEnvironments } from '../../../config';
import { scratchConfigDir } from '../../helpers/environments';

const TODAY = new Date('2026-11-24T00:00:00Z');

// Shaped like the real thing, made up for this test.
const SK_LIVE = 'sk_live_51Hx9ExampleExampleExampleKq7W';

describe('no key material printed from an environment file', () => {
  test('a type error that quotes a key in an environment file is masked too', () => {
    const scratch = scratchConfigDir();
    try {
      scratch.edit('staging', "threeDSecure: 'automatic'", `threeDSecure: '${SK_LIVE}'`);
      const [report] = inspectEnvironments(['staging'], { configDir: scratch.dir, today: TODAY });
      const printed = [...report.typeErrors, ...report.problems.map((problem) => problem.message)].join('\n');
      expect(printed).toMatch(/TS2322: Type '"sk_live_…Kq7W"' is not assignable/);
      expect(printed).not.toContain(SK_LIVE.slice(0, -4));
    } finally {
      scratch.remove();
    }
  });

});
