import { gateHtml, runScreenshots } from '../../../reports';
import { blockedRun, configErrorRun, passRun, RUNS } from '../../helpers/gate-runs';

describe('gateHtml', () => {
  test('the verdict is the first thing on the page', () => {
    const html = gateHtml(blockedRun());
    const body = html.slice(html.indexOf('<body>') + '<body>'.length).trimStart();
    expect(body.startsWith('<h1 id="verdict" class="verdict-blocked">stripe-config gate: blocked</h1>')).toBe(true);
  });

  test.each(Object.keys(RUNS) as (keyof typeof RUNS)[])('%s: asks for nothing outside the file', (name) => {
    const html = gateHtml(RUNS[name]());
    expect([...html.matchAll(/\b(?:src|href)="(?!data:image\/png;base64,)([^"]*)"/g)].map((match) => match[1])).toEqual([]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`);
  });

  test('every journey that showed an authentication page has its screenshots inline, for each side that ran and changed', () => {
    const run = blockedRun();
    const html = gateHtml(run);
    // The challenge journey is a regression: both sides are shown, so a reviewer sees where customers landed before and after.
    expect(runScreenshots(run)).toHaveLength(4);
    expect(html.match(/<img alt="[^"]*" src="data:image\/png;base64,/g)).toHaveLength(4);
    expect(html).toContain('alt="Returned to https://shop.example.com/checkout/returned (candidate)"');
    expect(html).toContain('alt="Returned to https://shop.example.com/checkout/return (live settings)"');
  });

  test('an unchanged journey shows the candidate side only', () => {
    const html = gateHtml(passRun());
    expect(html.match(/<img /g)).toHaveLength(2);
    expect(html).not.toContain('(live settings)"');
  });

  test('a config error page shows the message and the hint', () => {
    const html = gateHtml(configErrorRun());
    expect(html).toContain('<h1 id="verdict" class="verdict-config-error">stripe-config gate: config error</h1>');
    expect(html).toContain('TS2322: Type &#39;&quot;sometimes&quot;&#39; is not assignable');
    expect(html).toContain('<p>Hint: Fix config/environments/production.ts; docs/CONFIG.md explains every field.</p>');
  });

  test('text from the run is escaped', () => {
    const run = blockedRun();
    run.environments[0].rows[0].candidate.actual = '<script>alert(1)</script>';
    expect(gateHtml(run)).not.toContain('<script>');
  });
});
