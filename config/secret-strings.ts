/**
 * Finds strings that look like key material anywhere in an environment's config: the config is
 * committed to the repository and the runtime document is readable by the checkout role, so a
 * key pasted into a tag, a URL or the descriptor is a leaked key. Key material belongs in a key set
 * (docs/CONFIG.md, "Key sets"). Every message shows at most a match's fixed prefix and last four
 * characters, never the value.
 */
import type { Problem } from '../runtime/contract';

interface SecretPattern {
  what: string;
  pattern: RegExp;
  /** What a message may show of a match: its fixed prefix and its last four characters, or a fixed label. */
  mask(match: string): string;
}

const lastFour = (prefix: string) => (match: string) => `${prefix}…${match.slice(-4)}`;
// Letters and digits right before a prefix mean it is part of a longer word, not a key.
const keyAfter = (prefix: string) => new RegExp(`(?<![A-Za-z0-9])${prefix}[A-Za-z0-9]{8,}`, 'g');

/** The forms of key material, as their issuers document them. */
const SECRET_PATTERNS: readonly SecretPattern[] = [
  // docs.stripe.com/keys: secret keys sk_live_/sk_test_, restricted keys rk_live_/rk_test_.
  { what: 'a Stripe live-mode secret key', pattern: keyAfter('sk_live_'), mask: lastFour('sk_live_') },
  { what: 'a Stripe test-mode secret key', pattern: keyAfter('sk_test_'), mask: lastFour('sk_test_') },
  { what: 'a Stripe live-mode restricted key', pattern: keyAfter('rk_live_'), mask: lastFour('rk_live_') },
  { what: 'a Stripe test-mode restricted key', pattern: keyAfter('rk_test_'), mask: lastFour('rk_test_') },
  // docs.stripe.com/webhooks/signature: an endpoint's signing secret starts with whsec_.
  { what: 'a Stripe webhook signing secret', pattern: keyAfter('whsec_'), mask: lastFour('whsec_') },
  // docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids:
  // AKIA is an access key, ASIA a temporary (STS) access key; 20 characters, uppercase and digits.
  { what: 'an AWS access key id', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g, mask: (match) => `${match.slice(0, 4)}…${match.slice(-4)}` },
  // RFC 7468 §10-11 and OpenSSH: "-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", …
  // The match runs to the END line (or the end of the text), so masking hides the key's body too.
  {
    what: 'a private key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
    mask: () => '-----BEGIN … PRIVATE KEY-----',
  },
];

/** Every string (and object key) in `value` that holds key material, each at its JSON pointer. */
export function secretStringProblems(value: unknown, path = ''): Problem[] {
  if (typeof value === 'string') return secretsIn(value).map((found) => ({ path: path || '/', message: `contains ${found}: ${ADVICE}` }));
  if (Array.isArray(value)) return value.flatMap((item, index) => secretStringProblems(item, `${path}/${index}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [
    // The key itself is not shown in the path when it is the secret.
    ...secretsIn(key).map((found) => ({ path: path || '/', message: `has a key that contains ${found}: ${ADVICE}` })),
    ...(secretsIn(key).length > 0 ? [] : secretStringProblems(item, `${path}/${escapePointer(key)}`)),
  ]);
}

/** `text` with every piece of key material replaced by its mask: for messages that quote config values. */
export function maskSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((masked, { pattern, mask }) => masked.replace(pattern, (match) => mask(match)), text);
}

const ADVICE = 'key material belongs in a key set (docs/CONFIG.md, "Key sets"), never in the config, which is committed and readable by the checkout';

function secretsIn(text: string): string[] {
  return SECRET_PATTERNS.flatMap(({ what, pattern, mask }) => [...text.matchAll(pattern)].map(([match]) => `what looks like ${what} (${mask(match)})`));
}

/** RFC 6901: "~" is written "~0" and "/" is written "~1" inside a JSON pointer's segment. */
function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
