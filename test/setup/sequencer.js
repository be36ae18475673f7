/**
 * The order in which jest hands test files to its two workers: jest's own (failed first, then
 * longest first by the durations it cached on the last run), except that files it has no duration
 * for start slow lane first, then integration, then unit. jest falls back to file size when it has
 * no duration, as on a fresh CI clone (its cache lives outside the repository): by size, the large
 * integration and unit files start before most Terraform and Chromium files, and a 2–6 minute slow
 * file that starts last keeps one worker busy long after the other has finished.
 * Extends jest's default sequencer as its docs show ("testSequencer"), resolved through jest itself.
 */
const Sequencer = require(require.resolve('@jest/test-sequencer', { paths: [require.resolve('jest')] })).default;

/** Longest first: by lane, as the lanes are drawn (test/slow is Terraform, Chromium and the spawned CLI). */
const LANES = ['slow', 'integration', 'unit'];

class SlowLaneFirstSequencer extends Sequencer {
  sort(tests) {
    // jest's order, with `duration` set on every file it has a duration for.
    const sorted = super.sort(tests);
    const rank = (test) => {
      if (test.duration != null) return LANES.length; // jest already put these after the unknown ones, longest first
      const lane = LANES.indexOf(test.context.config.displayName?.name);
      return lane === -1 ? LANES.length : lane;
    };
    // Array.prototype.sort is stable: within a rank, jest's order (by size) stays.
    return sorted.slice().sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowLaneFirstSequencer;
