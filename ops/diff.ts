import diff from 'microdiff';
import type { RuntimeDocument } from '../runtime/contract';

export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** Field-level changes between the deployed document and the candidate, e.g. `/payments/threeDSecure`. */
export function documentChanges(before: RuntimeDocument | undefined, after: RuntimeDocument): FieldChange[] {
  if (!before) return [];
  return diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>).map((change) => ({
    path: `/${change.path.join('/')}`,
    ...(change.type !== 'CREATE' ? { before: change.oldValue } : {}),
    ...(change.type !== 'REMOVE' ? { after: change.value } : {}),
  }));
}

export function formatChange(change: FieldChange): string {
  const show = (value: unknown) => (value === undefined ? '(absent)' : JSON.stringify(value));
  return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
}
