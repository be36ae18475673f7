/**
 * ListSecrets / BatchGetSecretValue filters (facts §2.3 ListSecrets).
 *
 * Values within one filter are alternatives; all filters must match. A value starting with `!`
 * negates. `description` and `all` compare case-insensitively; the others are case-sensitive
 * prefixes. `all` looks at the name, description, tag keys and tag values and at each word in them.
 */
import type { Secret } from './secrets';

export const FILTER_KEYS = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface SecretFilter {
  key: FilterKey;
  values: string[];
}

/** The model's pattern for filter values (facts §2.3). */
export const FILTER_VALUE_PATTERN = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;

interface Comparison {
  /** What the filter value is compared against. */
  attributes(secret: Secret): string[];
  caseInsensitive: boolean;
  /** Also try every word of each attribute (the `all` key's "word split"). */
  words: boolean;
}

const COMPARISONS: Record<FilterKey, Comparison> = {
  description: { attributes: (s) => (s.description ? [s.description] : []), caseInsensitive: true, words: false },
  name: { attributes: (s) => [s.name], caseInsensitive: false, words: false },
  'tag-key': { attributes: (s) => s.tags.map((t) => t.key), caseInsensitive: false, words: false },
  'tag-value': { attributes: (s) => s.tags.map((t) => t.value), caseInsensitive: false, words: false },
  // A replica's primary region is elsewhere; any other secret's is its own. No secret here is owned by a service.
  'primary-region': { attributes: (s) => [s.primaryRegion ?? s.region], caseInsensitive: false, words: false },
  'owning-service': { attributes: () => [], caseInsensitive: false, words: false },
  all: {
    attributes: (s) => [s.name, ...(s.description ? [s.description] : []), ...s.tags.flatMap((t) => [t.key, t.value])],
    caseInsensitive: true,
    words: true,
  },
};

function matchesValue(secret: Secret, comparison: Comparison, value: string): boolean {
  const fold = (text: string) => (comparison.caseInsensitive ? text.toLowerCase() : text);
  const wanted = fold(value);
  return comparison.attributes(secret).some((attribute) => {
    const candidates = comparison.words ? [attribute, ...attribute.split(/[^A-Za-z0-9]+/)] : [attribute];
    return candidates.some((candidate) => fold(candidate).startsWith(wanted));
  });
}

function matchesFilter(secret: Secret, filter: SecretFilter): boolean {
  const comparison = COMPARISONS[filter.key];
  const positive = filter.values.filter((v) => !v.startsWith('!'));
  const negated = filter.values.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
  if (negated.some((value) => matchesValue(secret, comparison, value))) return false;
  return positive.length === 0 || positive.some((value) => matchesValue(secret, comparison, value));
}

export function matchesFilters(secret: Secret, filters: SecretFilter[]): boolean {
  return filters.every((filter) => matchesFilter(secret, filter));
}
