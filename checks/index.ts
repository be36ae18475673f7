export { JOURNEYS, describeExpectation, type ChallengeAction, type Expectation, type Journey } from './journeys';
export { findChromium, launchCustomerBrowser, type BrowserOptions, type CustomerBrowser } from './browser';
export { runJourneys, type JourneyRunContext } from './runner';
export type { JourneyResult, Verdict } from './result';
export { describeExperience, describeLanding, sameExperience, type Experience, type JourneyEvidence, type Landing } from './experience';
export { compareBehaviour, type BehaviourRow, type BehaviourVerdict } from './behaviour';
export { checkKeys, refuseLiveKeys, KEYS_CHECK_ID } from './preflight';
export { formatJourneyTable } from './report';
export { CheckError, type CheckErrorCode } from './errors';
