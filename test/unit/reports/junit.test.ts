import { gateJUnit } from '../../../reports';
import { ACCEPT_REASON, RUNS } from '../../helpers/gate-runs';

interface ParsedCase {
  suite: string;
  name: string;
  failure?: string;
  error?: string;
  body: string;
}

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#xA;/g, '\n').replace(/&amp;/g, '&');

/** The test cases of a JUnit file, read back with the shapes junit-report-builder writes. */
function parse(xml: string): ParsedCase[] {
  const suites = [...xml.matchAll(/<testsuite name="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)];
  return suites.flatMap(([, suite, content]) =>
    [...content.matchAll(/<testcase [^>]*name="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map(([, name, body = '']) => {
      const failure = /<failure message="([^"]*)"/.exec(body)?.[1];
      const error = /<error message="([^"]*)"/.exec(body)?.[1];
      return { suite: unescape(suite), name: unescape(name), body, ...(failure ? { failure: unescape(failure) } : {}), ...(error ? { error: unescape(error) } : {}) };
    }),
  );
}

/** The counts a CI test view shows, from the root element. */
function totals(xml: string) {
  const root = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml)!;
  return { tests: Number(root[1]), failures: Number(root[2]), errors: Number(root[3]) };
}

describe('gateJUnit', () => {
  test.each([
    ['pass', { tests: 4, failures: 0, errors: 0 }],
    ['blocked', { tests: 3, failures: 1, errors: 0 }],
    ['not-accepted', { tests: 2, failures: 1, errors: 0 }],
    ['accepted', { tests: 2, failures: 0, errors: 0 }],
    ['undecided', { tests: 2, failures: 0, errors: 1 }],
    ['config error', { tests: 1, failures: 1, errors: 0 }],
    ['infrastructure failure', { tests: 5, failures: 1, errors: 0 }],
  ] as const)('%s: %o', (name, expected) => {
    const xml = gateJUnit(RUNS[name]());
    expect(totals(xml)).toEqual(expected);
    const cases = parse(xml);
    expect(cases).toHaveLength(expected.tests);
    expect(cases.filter((c) => c.failure)).toHaveLength(expected.failures);
    expect(cases.filter((c) => c.error)).toHaveLength(expected.errors);
  });

  test('a suite per environment, a case per journey and per key set', () => {
    const cases = parse(gateJUnit(RUNS.pass()));
    expect(cases.map((c) => `${c.suite}: ${c.name}`)).toEqual([
      'production: Frictionless payment (4242, no 3DS required)',
      'production: Card declined (0002, generic_decline)',
      'production: 3DS challenge completed (3220)',
      'production: key set production-2026-11',
    ]);
  });

  test('a regression fails with what changed for the customer', () => {
    const failed = parse(gateJUnit(RUNS.blocked())).find((c) => c.failure)!;
    expect(failed.name).toBe('3DS challenge completed (3220)');
    expect(failed.failure).toMatch(/^regression: paid after challenge, back at .* → paid after challenge, stranded at https:\/\/shop\.example\.com\/checkout\/returned \(HTTP 404\)/);
  });

  test('a change nobody accepted fails as "not accepted"; an accepted one passes and says who accepted it and why', () => {
    expect(parse(gateJUnit(RUNS['not-accepted']())).find((c) => c.failure)!.failure).toMatch(/^behaviour change not accepted: paid without challenge → paid after challenge/);
    const accepted = parse(gateJUnit(RUNS.accepted())).find((c) => c.name.startsWith('Frictionless'))!;
    expect(accepted.body).toContain(`<property name="accepted" value="${ACCEPT_REASON}"/>`);
    expect(accepted.body).toContain(`<system-out><![CDATA[behaviour change accepted ("${ACCEPT_REASON}")`);
  });

  test('an inconclusive journey is an error, not a failure', () => {
    expect(parse(gateJUnit(RUNS.undecided())).find((c) => c.error)!.error).toBe('could not be judged: candidate: error: Stripe answered 429 after 2 retries');
  });

  test('a config error or infrastructure failure is one failing case with the message', () => {
    const [config] = parse(gateJUnit(RUNS['config error']()));
    expect(config.failure).toMatch(/^config_type_error: production: TypeScript errors in config\/environments\/production\.ts\n.*TS2322/);
    const stopped = parse(gateJUnit(RUNS['infrastructure failure']())).filter((c) => c.failure);
    expect(stopped).toEqual([expect.objectContaining({ suite: 'staging', failure: expect.stringMatching(/^terraform_failed: terraform plan failed for staging/) })]);
  });
});
