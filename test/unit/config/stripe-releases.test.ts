/**
 * Stripe's API versions: config/stripe-releases.ts is a copy of stripe-node's own list, and
 * `validate` names the release that was meant when a pinned version is not one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiVersionProblem } from '../../../config/api-version';
import { FIRST_NAMED_RELEASE, STRIPE_API_VERSIONS } from '../../../config/stripe-releases';
import { KNOWN_API_VERSIONS } from '../../../emulators/stripe/api-versions';

const TODAY = new Date('2026-11-24T00:00:00Z');

/** The `api_version` enum of WebhookEndpointCreateParams in the installed stripe-node, read from its .d.ts text. */
function stripeNodeApiVersions(): string[] {
  // stripe's package entry is cjs/stripe.cjs.node.js; its types sit next to it.
  const file = path.join(path.dirname(require.resolve('stripe')), 'resources', 'WebhookEndpoints.d.ts');
  const text = readFileSync(file, 'utf8');
  const union = /export declare namespace WebhookEndpointCreateParams \{[\s\S]*?type ApiVersion = ([^;]+);/.exec(text)?.[1];
  if (!union) throw new Error(`no WebhookEndpointCreateParams.ApiVersion in ${file}: has stripe-node moved it?`);
  return [...union.matchAll(/'([^']+)'/g)].map(([, version]) => version!);
}

describe("Stripe's API versions", () => {
  test("the table lists exactly stripe-node's public versions, in its order (update config/stripe-releases.ts after upgrading stripe-node)", () => {
    expect(STRIPE_API_VERSIONS).toEqual(stripeNodeApiVersions());
  });

  test("the Stripe stand-in accepts exactly the table's versions", () => {
    expect(KNOWN_API_VERSIONS).toEqual(STRIPE_API_VERSIONS);
  });

  test('the table is in date order, and names every release from the first named one on', () => {
    const dates = STRIPE_API_VERSIONS.map((version) => version.slice(0, 10));
    expect(dates).toEqual([...dates].sort());
    const firstNamed = STRIPE_API_VERSIONS.indexOf(FIRST_NAMED_RELEASE);
    expect(STRIPE_API_VERSIONS.slice(0, firstNamed).every((version) => !version.includes('.'))).toBe(true);
    expect(STRIPE_API_VERSIONS.slice(firstNamed).every((version) => /^\d{4}-\d{2}-\d{2}\.[a-z]+$/.test(version))).toBe(true);
  });

  test.each(STRIPE_API_VERSIONS.filter((version) => version.slice(0, 10) <= '2026-11-24'))('%s is accepted', (version) => {
    expect(apiVersionProblem(version, TODAY)).toBeUndefined();
  });

  test.each([
    ['a misspelt release name', '2025-03-31.basl', /^"2025-03-31\.basl" is not a Stripe API version; did you mean 2025-03-31\.basil\?$/],
    ["another release's name on a real date", '2025-03-31.acacia', /did you mean 2025-03-31\.basil\?$/],
    ['a missing release name (basil, not acacia)', '2025-03-31', /^"2025-03-31" needs its release name: did you mean 2025-03-31\.basil\?$/],
    ['a missing name on a monthly release', '2026-10-28', /did you mean 2026-10-28\.endive\?$/],
    ['a date with no release', '2025-04-01.basil', /no release is dated 2025-04-01; the nearest are 2025-03-31\.basil and 2025-04-30\.basil$/],
    ['swapped day digits', '2025-03-13.basil', /the nearest are 2025-03-01\.dashboard and 2025-03-31\.basil$/],
    ['an unnamed date with no release', '2023-10-17', /no release is dated 2023-10-17; the nearest are 2023-10-16 and 2024-04-10$/],
    ['a date before the first release', '2010-05-01', /no release is dated 2010-05-01; the first is 2011-01-01$/],
    ['a date after the newest known release', '2026-11-20.endive', /no release is dated 2026-11-20; the newest release stripe-config knows is 2026-10-28\.endive/],
    ['an old version with a name', '2023-10-16.acacia', /predates named releases \(the first is 2024-09-30\.acacia\); drop "\.acacia": 2023-10-16$/],
    ['a date in the future', '2027-01-01.future', /is dated in the future \(today is 2026-11-24\)$/],
    ['a day that does not exist', '2025-02-30.basil', /^"2025-02-30\.basil" is not a valid date$/],
    ['month 13', '2025-13-01.basil', /is not a valid date$/],
  ])('refuses %s and names the release meant (%s)', (_name, version, message) => {
    expect(apiVersionProblem(version, TODAY)).toMatch(message);
  });
});
