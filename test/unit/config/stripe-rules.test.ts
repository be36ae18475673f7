/**
 * `validate` knows Stripe and AWS: API versions, currencies, statement descriptors, what fits a
 * Secrets Manager secret and its tags, and environment names. Each bad config names its field.
 */
import { validateEnvironmentValue } from '../../../config';
import { sampleConfig } from '../../helpers/environments';

const TODAY = new Date('2026-11-24T00:00:00Z');

type Mutation = (config: any) => void;

function problemsOf(mutate: Mutation, environment = 'production') {
  const config = sampleConfig();
  mutate(config);
  return validateEnvironmentValue(environment, config, { today: TODAY }).problems;
}

/** n distinct event names, to grow the runtime document. */
const manyEvents = (count: number, length: number) =>
  Array.from({ length: count }, (_, index) => `payment_intent.${'x'.repeat(length)}${String.fromCharCode(97 + (index % 26))}${'a'.repeat(Math.floor(index / 26))}`);

describe('validate knows Stripe and AWS', () => {
  const refused: Array<[string, Mutation, string, RegExp]> = [
    // API versions (config/stripe-releases.ts)
    ['a misspelt API version name', (c) => (c.stripe.apiVersion = '2025-03-31.basl'), '/stripe/apiVersion', /is not a Stripe API version; did you mean 2025-03-31\.basil\?$/],
    ['an API version without its name', (c) => (c.stripe.apiVersion = '2025-03-31'), '/stripe/apiVersion', /needs its release name: did you mean 2025-03-31\.basil\?$/],
    ['an API version dated on no release', (c) => (c.stripe.apiVersion = '2025-04-01.basil'), '/stripe/apiVersion', /the nearest are 2025-03-31\.basil and 2025-04-30\.basil$/],
    // Currencies (config/stripe-currencies.ts)
    ['a currency Stripe does not support', (c) => (c.payments.currency = 'xyz'), '/payments/currency', /^"xyz" is not a currency Stripe supports/],
    // Statement descriptors
    ['an asterisk in the suffix, named with its place', (c) => (c.payments.statementDescriptorSuffix = 'SHOP*'), '/payments/statementDescriptorSuffix', /^contains "\*" \(character 5\): a statement descriptor may contain none of < > \\ ' " \*$/],
    ['a < in the suffix', (c) => (c.payments.statementDescriptorSuffix = 'SHOP <1>'), '/payments/statementDescriptorSuffix', /^contains "<" \(character 6\)/],
    ['an accented letter in the suffix', (c) => (c.payments.statementDescriptorSuffix = 'CAFÉ'), '/payments/statementDescriptorSuffix', /^contains "É" \(U\+00C9, character 4\): Stripe strips characters outside ASCII/],
    ['a tab in the suffix', (c) => (c.payments.statementDescriptorSuffix = 'SHOP\tONE'), '/payments/statementDescriptorSuffix', /^contains "\\t" \(U\+0009, character 5\)/],
    ['a suffix that no prefix leaves room for', (c) => (c.payments.statementDescriptorSuffix = 'EXAMPLE SHOP ORDERS'), '/payments/statementDescriptorSuffix', /^is 19 characters: after the account's prefix \(at least 2 characters\) and "\* ", at most 18 fit in Stripe's 22/],
    ["a suffix too long for the account's prefix", (c) => { c.shop.statementDescriptorPrefix = 'EXAMPLE'; c.payments.statementDescriptorSuffix = 'EXAMPLE SHOP 123'; }, '/payments/statementDescriptorSuffix', /^is 16 characters: the complete descriptor "EXAMPLE\* EXAMPLE SHOP 123" would be 25, over Stripe's 22; at most 13 fit after the prefix "EXAMPLE"$/],
    ['a prefix without a letter', (c) => (c.shop.statementDescriptorPrefix = '1234'), '/shop/statementDescriptorPrefix', /^must contain at least one letter$/],
    ['a quote in the prefix', (c) => (c.shop.statementDescriptorPrefix = 'JOE"S'), '/shop/statementDescriptorPrefix', /^contains """ \(character 4\)/],
    ['a one-character prefix', (c) => (c.shop.statementDescriptorPrefix = 'X'), '/shop/statementDescriptorPrefix', /fewer than 2 characters/],
    ['an eleven-character prefix', (c) => (c.shop.statementDescriptorPrefix = 'EXAMPLESHOP'), '/shop/statementDescriptorPrefix', /more than 10 characters/],
    // Secrets Manager: the document's size and the secrets' tags
    ['a document over 65,536 bytes', (c) => (c.webhooks = { url: 'https://shop.example.com/stripe/webhooks', events: manyEvents(700, 80) }), '/', /^renders a runtime document of \d+ bytes; a Secrets Manager secret holds at most 65536$/],
    ['49 tags of its own (the stack adds two)', (c) => (c.infrastructure.tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`tag-${i}`, 'x']))), '/infrastructure/tags', /^has 49 tags; at most 48 fit, since a secret takes 50 and stripe-config adds stripe-config:environment and stripe-config:key-set$/],
    ['a tag key with the aws: prefix', (c) => (c.infrastructure.tags['aws:cost-center'] = 'payments'), '/infrastructure/tags/aws:cost-center', /aws: prefix, which AWS reserves/],
    ['a tag key with the prefix in capitals', (c) => (c.infrastructure.tags['AWS:team'] = 'payments'), '/infrastructure/tags/AWS:team', /aws: prefix/],
    ['a tag value with the aws: prefix (its key escaped in the path)', (c) => (c.infrastructure.tags['team/payments'] = 'aws:payments'), '/infrastructure/tags/team~1payments', /value starting with aws:/],
    ['a tag key stripe-config sets itself', (c) => (c.infrastructure.tags['stripe-config:environment'] = 'prod'), '/infrastructure/tags/stripe-config:environment', /stripe-config sets itself/],
    ['the other tag key stripe-config sets itself', (c) => (c.infrastructure.tags['stripe-config:key-set'] = 'x'), '/infrastructure/tags/stripe-config:key-set', /stripe-config sets itself/],
    ['a tag key over 128 characters', (c) => (c.infrastructure.tags['k'.repeat(129)] = 'x'), `/infrastructure/tags/${'k'.repeat(129)}`, /^is a tag key of 129 characters; AWS allows 1 to 128$/],
    ['an empty tag key', (c) => (c.infrastructure.tags[''] = 'x'), '/infrastructure/tags/', /^is a tag key of 0 characters/],
    ['a tag value over 256 characters', (c) => (c.infrastructure.tags.owner = 'v'.repeat(257)), '/infrastructure/tags/owner', /more than 256 characters/],
  ];
  test.each(refused)('refuses %s and names the field', (_name, mutate, path, message) => {
    expect(problemsOf(mutate)).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  test('the schema line about a descriptor character gives way to the line that names it', () => {
    const problems = problemsOf((c) => (c.payments.statementDescriptorSuffix = 'SHOP*'));
    expect(problems.filter((problem) => problem.path === '/payments/statementDescriptorSuffix')).toHaveLength(1);
  });

  const accepted: Array<[string, Mutation]> = [
    ['a suffix of 18 characters', (c) => (c.payments.statementDescriptorSuffix = 'EXAMPLE SHOP ORDER')],
    ['a suffix that fits exactly after the declared prefix', (c) => { c.shop.statementDescriptorPrefix = 'EXAMPLE'; c.payments.statementDescriptorSuffix = 'EXAMPLE SHOP1'; }],
    ['ASCII punctuation Stripe allows', (c) => (c.payments.statementDescriptorSuffix = 'ORDER #12-A.B, C&D')],
    ['48 tags of its own', (c) => (c.infrastructure.tags = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`tag-${i}`, 'x'])))],
    ['a tag key of 128 characters and a value of 256', (c) => (c.infrastructure.tags = { ['k'.repeat(128)]: 'v'.repeat(256) })],
    ['a tag with aws in it, not as a prefix', (c) => (c.infrastructure.tags = { 'team-aws': 'payments aws: notes' })],
    ['a large document that still fits', (c) => (c.webhooks = { url: 'https://shop.example.com/stripe/webhooks', events: manyEvents(500, 80) })],
    ['the oldest named release', (c) => (c.stripe.apiVersion = '2024-09-30.acacia')],
    ['a zero-decimal currency', (c) => (c.payments.currency = 'jpy')],
  ];
  test.each(accepted)('accepts %s', (_name, mutate) => {
    expect(problemsOf(mutate)).toEqual([]);
  });

  test.each([
    ['Upper_Env', /^"Upper_Env" is not an environment name: it must match \^\[a-z\]\[a-z0-9-\]\{0,31\}\$/],
    ['../x', /^"\.\.\/x" is not an environment name/],
    ['a'.repeat(33), /is not an environment name/],
  ])('an environment named %s is refused with the naming rule', (environment, message) => {
    expect(problemsOf(() => undefined, environment)).toContainEqual({ path: '/environment', message: expect.stringMatching(message) });
  });
});
