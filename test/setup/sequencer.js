/**
 * The order in which jest hands test files to its workers: jest's own (failed first, then longest
 * first by the durations it cached on the last run), except for files it has no duration for, as on
 * a fresh CI clone (its cache lives outside the repository). Those start slow lane first, then
 * integration, then unit; within the slow lane, longest first by the wall times recorded in
 * test/setup/slow-durations.json (a file not listed there counts as a typical slow file), else
 * jest's fallback, file size. By size alone, 2–3 minute files such as ops/gate and
 * live-mode-production started after a dozen shorter ones and kept one worker busy long after
 * the others had finished.
 * Extends jest's default sequencer as its docs show ("testSequencer"), resolved through jest itself.
 */
const path = require('node:path');
const Sequencer = require(require.resolve('@jest/test-sequencer', { paths: [require.resolve('jest')] })).default;
const RECORDED = require('./slow-durations.json');

/** Longest first: by lane, as the lanes are drawn (test/slow is Terraform, Chromium and the spawned CLI). */
const LANES = ['slow', 'integration', 'unit'];
/** Seconds assumed for a slow file with no recorded duration (a new one): about the lane's median. */
const UNRECORDED_SLOW_FILE_S = 30;

class SlowLaneFirstSequencer extends Sequencer {
  sort(tests) {
    // jest's order, with `duration` set on every file it has a duration for.
    const sorted = super.sort(tests);
    const rank = (test) => {
      if (test.duration != null) return LANES.length; // jest already put these after the unknown ones, longest first
      const lane = LANES.indexOf(test.context.config.displayName?.name);
      return lane === -1 ? LANES.length : lane;
    };
    const recorded = (test) => {
      if (test.duration != null || test.context.config.displayName?.name !== 'slow') return 0;
      const key = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
      return RECORDED[key] ?? UNRECORDED_SLOW_FILE_S;
    };
    // Array.prototype.sort is stable: within a rank and a recorded duration, jest's order (by size) stays.
    return sorted.slice().sort((a, b) => rank(a) - rank(b) || recorded(b) - recorded(a));
  }
}

module.exports = SlowLaneFirstSequencer;
