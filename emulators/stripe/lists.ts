/**
 * Stripe's list envelope and cursor pagination (docs.stripe.com/api/pagination):
 * `{object: 'list', data, has_more, url}`, newest first, `limit` 1–100 (default 10),
 * `starting_after` / `ending_before` naming an object of the list. No HTTP here.
 */
import { invalidRequest } from './errors';

export interface ListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface PageRequest {
  limit?: number;
  startingAfter?: string;
  endingBefore?: string;
}

/** `items` in creation order (a Map's insertion order); the page is newest first. */
export function page<T extends { id: string }>(items: readonly T[], request: PageRequest, url: string): ListPage<T> {
  const limit = request.limit ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', {
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
  }
  if (request.startingAfter !== undefined && request.endingBefore !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', {
      code: 'parameters_exclusive',
      param: 'ending_before',
    });
  }
  const newestFirst = [...items].reverse();
  const indexOf = (id: string, param: string): number => {
    const index = newestFirst.findIndex((item) => item.id === id);
    if (index < 0) throw invalidRequest(`No such object: '${id}'`, { code: 'resource_missing', param });
    return index;
  };
  if (request.endingBefore !== undefined) {
    const end = indexOf(request.endingBefore, 'ending_before');
    const start = Math.max(0, end - limit);
    return { object: 'list', data: newestFirst.slice(start, end), has_more: start > 0, url };
  }
  const start = request.startingAfter === undefined ? 0 : indexOf(request.startingAfter, 'starting_after') + 1;
  const data = newestFirst.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < newestFirst.length, url };
}
