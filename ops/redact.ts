/**
 * Last line of defence for logs and reports: replaces anything that looks like Stripe key material
 * with its prefix and last four characters (house style allows the last 4, nothing more).
 */
const KEY_PATTERN = /\b(sk|rk)_(test|live)_[A-Za-z0-9]{8,}\b|\bwhsec_[A-Za-z0-9]{8,}\b/g;

export function redact(text: string, known: Iterable<string> = []): string {
  let result = text;
  for (const secret of known) {
    if (secret.length >= 8) result = result.split(secret).join(mask(secret));
  }
  return result.replace(KEY_PATTERN, (match) => mask(match));
}

export function mask(secret: string): string {
  const prefix = /^(sk_test_|sk_live_|rk_test_|rk_live_|whsec_)/.exec(secret)?.[1] ?? '';
  return `${prefix}…${secret.slice(-4)}`;
}
