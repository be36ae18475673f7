/**
 * NextToken handling shared by the list operations.
 *
 * Tokens are opaque to clients; here they carry the offset of the next page. Both SDKs' paginators
 * stop when NextToken is absent, so the last page omits it (facts §4.7).
 */
import { SecretsManagerError } from './errors';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

function encode(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decode(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // Falls through to the modeled error below.
  }
  throw new SecretsManagerError('InvalidNextTokenException', 'The NextToken value is invalid.');
}

export function paginate<T>(all: T[], maxResults: number, nextToken: string | undefined): Page<T> {
  const offset = nextToken === undefined ? 0 : decode(nextToken);
  const items = all.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < all.length ? { items, nextToken: encode(next) } : { items };
}
