/**
 * reports/: a gate run turned into what people and CI read: the pull request comment (Markdown),
 * JUnit XML, JSON and a self-contained HTML page, and the progress lines of a log. Pure functions
 * over an ops `GateRun`; `writeGateReports` alone writes files.
 */
export { gateMarkdown, COMMENT_MARKER } from './markdown';
export { gateJUnit } from './junit';
export { gateJson, GATE_JSON_FORMAT, type JourneyResultJson } from './json';
export { gateHtml } from './html';
export { writeGateReports, REPORT_FILES } from './write';
export { describeProgress, judgement } from './progress';
export { runScreenshots, screenshotFile, type Screenshot, type ScreenshotPage } from './screenshots';
export { VERDICT_WORDS, verdictText, planCounts } from './reading';
