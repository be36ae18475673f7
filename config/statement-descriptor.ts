/**
 * Stripe's rules for what a card statement says (docs.stripe.com/get-started/account/
 * statement-descriptors, "Statement descriptor requirements" and "Set a dynamic suffix"):
 * - the complete descriptor contains only Latin characters, none of < > \ ' " *, and at least one
 *   letter; with a prefix and a suffix, each of them needs a letter;
 * - a card charge's complete descriptor is the account's prefix (the "shortened descriptor", 2 to 10
 *   characters), then "* ", then the charge's `statement_descriptor_suffix`: 22 characters at most
 *   (the API reference: "Maximum 22 characters for the concatenated descriptor").
 * "Latin characters" is read as printable ASCII: Stripe strips non-ASCII characters from
 * descriptors ("Non-ASCII characters are automatically stripped", Stripe Terminal's reference for
 * the same field), so an "é" would not reach the statement as written.
 */
export const DESCRIPTOR_MAX_LENGTH = 22;
export const PREFIX_MIN_LENGTH = 2;
export const PREFIX_MAX_LENGTH = 10;
/** What Stripe puts between the prefix and the suffix. */
export const PREFIX_SEPARATOR = '* ';
export const FORBIDDEN_CHARACTERS = ['<', '>', '\\', "'", '"', '*'] as const;

const PRINTABLE_ASCII = /^[\x20-\x7e]$/;

/** The first character Stripe refuses in a descriptor part, named with its position; undefined when all are allowed. */
export function descriptorCharacterProblem(text: string): string | undefined {
  let position = 0;
  for (const character of text) {
    position += 1;
    const shown = `"${character}" (character ${position})`;
    if ((FORBIDDEN_CHARACTERS as readonly string[]).includes(character)) {
      return `contains ${shown}: a statement descriptor may contain none of ${FORBIDDEN_CHARACTERS.join(' ')}`;
    }
    if (!PRINTABLE_ASCII.test(character)) {
      const codePoint = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      return `contains ${JSON.stringify(character)} (${codePoint}, character ${position}): Stripe strips characters outside ASCII from statements; use unaccented Latin letters, digits, spaces and ASCII punctuation`;
    }
  }
  return undefined;
}

export function hasLetter(text: string): boolean {
  return /[A-Za-z]/.test(text);
}

/**
 * Why the suffix is too long for the complete descriptor, or undefined. Without the account's prefix
 * the shortest one Stripe allows (2 characters) is assumed, so only a suffix that can never fit fails.
 */
export function suffixLengthProblem(suffix: string, prefix: string | undefined): string | undefined {
  const length = [...suffix].length;
  if (prefix === undefined) {
    const room = DESCRIPTOR_MAX_LENGTH - PREFIX_SEPARATOR.length - PREFIX_MIN_LENGTH;
    return length <= room
      ? undefined
      : `is ${length} characters: after the account's prefix (at least ${PREFIX_MIN_LENGTH} characters) and "${PREFIX_SEPARATOR}", at most ${room} fit in Stripe's ${DESCRIPTOR_MAX_LENGTH}; declare the prefix in /shop/statementDescriptorPrefix to check the exact room`;
  }
  const complete = `${prefix}${PREFIX_SEPARATOR}${suffix}`;
  const total = [...complete].length;
  return total <= DESCRIPTOR_MAX_LENGTH
    ? undefined
    : `is ${length} characters: the complete descriptor "${complete}" would be ${total}, over Stripe's ${DESCRIPTOR_MAX_LENGTH}; at most ${DESCRIPTOR_MAX_LENGTH - [...prefix].length - PREFIX_SEPARATOR.length} fit after the prefix "${prefix}"`;
}
