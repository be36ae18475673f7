export { JOURNEYS, describeExpectation, type ChallengeAction, type Expectation, type Journey } from './journeys';
export { findChromium, launchCustomerBrowser, type BrowserOptions, type CustomerBrowser } from './browser';
export { runJourneys, type JourneyResult, type JourneyRunContext, type Verdict } from './runner';
export { checkKeys, refuseLiveKeys, KEYS_CHECK_ID } from './preflight';
export { compareResults, formatJourneyTable, type ComparedJourney } from './report';
export { CheckError, type CheckErrorCode } from './errors';
