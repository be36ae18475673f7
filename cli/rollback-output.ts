/**
 * The rollback's first lines, printed the moment the move is verified and the hold set, before the
 * smoke journeys: on-call sees that checkout is back on the previous settings without waiting for
 * Chromium. Loads nothing but ops/on-call (docs/ARCHITECTURE.md, "Each command loads only what it uses").
 */
import { formatChange, type RollbackMove } from '../ops/on-call';

export function formatRollbackMove(move: RollbackMove): string {
  return [
    `rolled back ${move.environment}: AWSCURRENT ${move.fromVersionId} → ${move.toVersionId} in ${move.durationMs} ms (verified)`,
    `why: ${move.why}`,
    ...(move.changes.length > 0 ? [`restored:\n  ${move.changes.map(formatChange).join('\n  ')}`] : []),
    `${move.environment} is on hold: deploys are refused until \`stripe-config release ${move.environment} --reason "…"\``,
  ].join('\n');
}
