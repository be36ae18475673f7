/**
 * junit.xml for CI test views: a test suite per environment, a test case per journey and per key set.
 * A regression, a failing journey or key set fails; a change nobody accepted fails ("not accepted");
 * an accepted change passes and says who accepted it and why; a check that could not be judged is
 * an error. A run that stopped early is one failing case with the message.
 */
import builder, { type TestCase, type TestSuite } from 'junit-report-builder';
import type { BehaviourRow } from '../checks';
import type { GateReport, GateRun, GateStop, KeySetCheck } from '../ops';
import { expectation, liveToCandidate, planCounts, rowDuration, VERDICT_WORDS } from './reading';

export function gateJUnit(run: GateRun): string {
  const report = builder.newBuilder().name('stripe-config gate');
  for (const environment of run.environments) environmentSuite(report.testSuite(), environment);
  if (run.stopped) stopSuite(report.testSuite(), run.stopped);
  return `${report.build()}\n`;
}

function environmentSuite(suite: TestSuite, report: GateReport): void {
  suite
    .name(report.environment)
    .property('verdict', VERDICT_WORDS[report.verdict].words)
    .property('plan', planCounts(report.plan))
    .time(report.rows.reduce((sum, row) => sum + rowDuration(row), 0) / 1000);
  if (report.accepted) suite.property('accepted', report.accepted.reason);
  for (const row of report.rows) journeyCase(suite.testCase().className(`gate.${report.environment}`).name(row.title), row, report);
  for (const check of report.keySets) keySetCase(suite.testCase().className(`gate.${report.environment}.key-sets`).name(`key set ${check.keySet}`), check);
}

function journeyCase(test: TestCase, row: BehaviourRow, report: GateReport): void {
  test.time(rowDuration(row) / 1000).property('journey', row.journey).property('behaviour', row.verdict);
  const observed = `${liveToCandidate(row)} (expected: ${expectation(row)})`;
  switch (row.verdict) {
    case 'regression':
    case 'failing':
      test.failure(`${row.verdict}: ${row.explanation}`, row.verdict);
      return;
    case 'inconclusive':
      test.error(`could not be judged: ${row.explanation}`, 'inconclusive');
      return;
    case 'changed':
      if (report.accepted?.journeys.includes(row.journey)) {
        test.property('accepted', report.accepted.reason).standardOutput(`behaviour change accepted ("${report.accepted.reason}"): ${observed}`);
      } else {
        test.failure(`behaviour change not accepted: ${row.explanation}; a reviewer accepts with --accept "<reason>"`, 'not-accepted');
      }
      return;
    default:
      test.standardOutput(row.alreadyFailing ? `already failing on the live settings (not caused by this change): ${observed}` : observed);
  }
}

function keySetCase(test: TestCase, check: KeySetCheck): void {
  if (check.verdict === 'fail') test.failure(`key set ${check.keySet}: ${check.detail}`, 'key-set');
  else if (check.verdict === 'inconclusive') test.error(`key set ${check.keySet} could not be checked: ${check.detail}`, 'inconclusive');
  else test.standardOutput(check.detail);
}

function stopSuite(suite: TestSuite, stop: GateStop): void {
  const kind = stop.kind === 'infrastructure' ? 'infrastructure failure' : `${stop.kind} error`;
  const test = suite
    .name(stop.environment ?? 'stripe-config gate')
    .testCase()
    .className('gate')
    .name(`the gate ran to the end (stopped: ${kind})`)
    .failure(`${stop.code}: ${stop.message}${stop.hint ? `\nhint: ${stop.hint}` : ''}`, stop.kind);
  if (stop.detail) test.standardError(stop.detail);
}
