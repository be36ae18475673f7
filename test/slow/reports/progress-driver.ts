/**
 * Feeds a gate's progress events to the CLI's progress view, as `gate` does, for
 * progress-view.test.ts: run under a pseudo-terminal it draws the live view, else plain lines.
 * With the argument `hang` the plan never ends, as when someone presses Ctrl-C during a gate.
 */
import { openProgressView } from '../../../cli/progress';
import { blockedRun, EXPERIENCES, journey, passRun } from '../../helpers/gate-runs';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const view = openProgressView(process.stdout);
  const [production] = passRun().environments;
  const [staging] = blockedRun().environments;
  const frictionless = journey({ journey: 'frictionless', title: 'Frictionless payment', expected: 'paid without challenge', verdict: 'pass', experience: EXPERIENCES.paid });
  view.onProgress({ type: 'gate-started', environments: ['production', 'staging'] });
  if (process.argv.includes('hang')) {
    view.onProgress({ type: 'plan-started', environment: 'production' });
    return;
  }
  for (const [environment, report] of [['production', production], ['staging', { ...staging, environment: 'staging' }]] as const) {
    view.onProgress({ type: 'environment-started', environment });
    view.onProgress({ type: 'plan-started', environment });
    await pause(150);
    view.onProgress({ type: 'plan-done', environment, plan: report.plan });
    view.onProgress({ type: 'journey-started', environment, side: 'candidate', journey: 'frictionless', title: 'Frictionless payment' });
    await pause(150);
    view.onProgress({ type: 'journey-done', environment, side: 'candidate', result: frictionless });
    view.onProgress({ type: 'environment-judged', environment, report });
  }
  await view.close();
  process.stdout.write('view closed\n');
}

void main();
