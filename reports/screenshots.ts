/**
 * The screenshots of a run (checks/experience.ts `JourneyEvidence`) and the file each is written to,
 * relative to the report folder: gate.json names them, gate.html inlines them.
 */
import type { BehaviourRow, JourneyEvidence, JourneyResult } from '../checks';
import type { GateRun, GateSide } from '../ops';

export type ScreenshotPage = 'authentication' | 'landing';

export interface Screenshot {
  environment: string;
  side: GateSide;
  journey: string;
  page: ScreenshotPage;
  /** Relative to the report folder, with forward slashes: `screenshots/production/candidate-challenge-completed-landing.png`. */
  file: string;
  png: Buffer;
}

const PAGES: Record<ScreenshotPage, keyof JourneyEvidence> = { authentication: 'authenticationPage', landing: 'landingPage' };

const safe = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '-');

export function screenshotFile(environment: string, side: GateSide, journey: string, page: ScreenshotPage): string {
  return `screenshots/${safe(environment)}/${side}-${safe(journey)}-${page}.png`;
}

/** The sides of a row that ran: the candidate, and the live settings when they ran separately (not the same result reused). */
export function rowSides(row: BehaviourRow): { side: GateSide; result: JourneyResult }[] {
  return [
    { side: 'candidate', result: row.candidate },
    ...(row.baseline && row.baseline !== row.candidate ? [{ side: 'live' as const, result: row.baseline }] : []),
  ];
}

/** The screenshots of one side of a journey, in page order. */
export function screenshotsOf(environment: string, side: GateSide, result: JourneyResult): Screenshot[] {
  return (Object.keys(PAGES) as ScreenshotPage[]).flatMap((page) => {
    const png = result.evidence?.[PAGES[page]];
    return png ? [{ environment, side, journey: result.journey, page, file: screenshotFile(environment, side, result.journey, page), png }] : [];
  });
}

/** Every screenshot in the run. */
export function runScreenshots(run: GateRun): Screenshot[] {
  return run.environments.flatMap((report) =>
    report.rows.flatMap((row) => rowSides(row).flatMap(({ side, result }) => screenshotsOf(report.environment, side, result))),
  );
}
