import { COMMENT_MARKER, gateMarkdown } from '../../../reports';
import { ACCEPT_REASON, acceptedRun, blockedRun, configErrorRun, infrastructureRun, notAcceptedRun, passRun, undecidedRun } from '../../helpers/gate-runs';

/** The journey titles a comment mentions, with how often. */
const mentions = (markdown: string, title: string) => markdown.split(title).length - 1;

describe('gateMarkdown (the sticky pull request comment)', () => {
  test('a blocked run reads as a reviewer needs it', () => {
    expect(gateMarkdown(blockedRun())).toMatchSnapshot();
  });

  test('the verdict comes first: the marker, the heading, then one line per environment with what to do', () => {
    const lines = gateMarkdown(notAcceptedRun()).split('\n');
    expect(lines.slice(0, 2)).toEqual([COMMENT_MARKER, '## stripe-config gate: ⚠️ behaviour change not accepted']);
    expect(lines[5]).toBe('| production | ⚠️ behaviour change not accepted | 1 behaviour change | a reviewer accepts with `--accept "<reason>"` once customers should see it |');
  });

  test('a regression names the journey, live → candidate, and what the table expected', () => {
    const markdown = gateMarkdown(blockedRun());
    expect(markdown).toContain('#### Regressions: worked on the live settings, broken on the candidate');
    expect(markdown).toContain(
      '| 3DS challenge completed (3220) | paid after challenge, back at https://shop.example.com/checkout/return → paid after challenge, stranded at https://shop.example.com/checkout/returned (HTTP 404) | paid after challenge |',
    );
  });

  test('a journey already failing on the live settings is said so, apart from the regressions', () => {
    expect(gateMarkdown(blockedRun())).toContain('#### Already failing on the live settings (not caused by this change)\n\n| Journey');
  });

  test.each([
    ['pass', passRun],
    ['blocked', blockedRun],
    ['not accepted', notAcceptedRun],
    ['accepted', acceptedRun],
    ['undecided', undecidedRun],
  ])('%s: every journey is listed exactly once', (_case, run) => {
    const markdown = gateMarkdown(run());
    for (const row of run().environments[0].rows) expect([row.title, mentions(markdown, row.title)]).toEqual([row.title, 1]);
  });

  test('the field diff says what each field affects and its risk, the plan names each resource and action', () => {
    const markdown = gateMarkdown(notAcceptedRun());
    expect(markdown).toContain('| `/payments/threeDSecure` | "automatic" → "challenge" | which customers get a 3D Secure challenge, and so which payments complete without one | high |');
    expect(markdown).toContain('#### Plan: 1 to replace\n\n- `aws_secretsmanager_secret_version.config_version_DB2DA315`: replace');
  });

  test('accepted changes pass, listed as accepted with the reason', () => {
    const markdown = gateMarkdown(acceptedRun());
    expect(markdown).toMatch(/^## stripe-config gate: ✅ pass$/m);
    expect(markdown).toContain(`#### Behaviour changes accepted\n\nAccepted with the reason: "${ACCEPT_REASON}"`);
    expect(markdown).toContain(`| production | ✅ pass | 1 change accepted | accepted: "${ACCEPT_REASON}" |`);
  });

  test('journeys that could not be judged make the run undecided and say why', () => {
    const markdown = gateMarkdown(undecidedRun());
    expect(markdown).toMatch(/^## stripe-config gate: ❔ could not decide$/m);
    expect(markdown).toContain('#### Could not be judged (Stripe or the browser failed)');
    expect(markdown).toContain('error: Stripe answered 429 after 2 retries');
  });

  test('unchanged journeys and timings are folded in <details>', () => {
    const markdown = gateMarkdown(passRun());
    const folded = markdown.slice(markdown.indexOf('<details>'), markdown.indexOf('</details>'));
    expect(folded).toContain('| Frictionless payment (4242, no 3DS required) | paid without challenge | paid without challenge | unchanged |');
    expect(folded).toContain('3 journeys took');
  });

  test('a config error is a comment too: the message in a code block, and the hint', () => {
    const markdown = gateMarkdown(configErrorRun());
    expect(markdown).toMatch(/^## stripe-config gate: ⛔ config error$/m);
    expect(markdown).toContain("```\nproduction: TypeScript errors in config/environments/production.ts\n  config/environments/production.ts:15:5 - TS2322");
    expect(markdown).toContain('Hint: Fix config/environments/production.ts; docs/CONFIG.md explains every field.');
  });

  test('an infrastructure failure keeps the environments judged before it and names where it stopped', () => {
    const markdown = gateMarkdown(infrastructureRun());
    expect(markdown).toMatch(/^## stripe-config gate: ❔ could not decide$/m);
    expect(markdown).toContain('| production | ✅ pass |');
    expect(markdown).toContain('| staging | ❔ could not decide | terraform plan failed for staging: Error: Invalid provider configuration |');
    expect(markdown).toContain('### Stopped in staging: infrastructure failure (`terraform_failed`)');
  });

  test('text from a run cannot break the table or inject HTML', () => {
    const run = blockedRun();
    run.environments[0].rows[1].candidate.actual = 'a | b\n<details>';
    expect(gateMarkdown(run)).toContain('paid after challenge, back at https://shop.example.com/checkout/return → a \\| b &lt;details&gt; |');
  });
});
