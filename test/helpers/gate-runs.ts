/**
 * Hand-built gate runs for the report tests (the unit ones, and the slow ones in Chromium and in a
 * terminal): one per outcome a reviewer or CI meets. Rows come from the real judge (compareBehaviour,
 * decideGate), so the runs are ones the gate could produce.
 */
import { compareBehaviour } from '../../checks/behaviour';
import { describeExperience, type Experience } from '../../checks/experience';
import type { JourneyResult, Verdict } from '../../checks/result';
import type { GateReport } from '../../ops/gate';
import { gateRunVerdict, type GateRun, type GateStop } from '../../ops/gate-run';
import { decideGate, type KeySetCheck } from '../../ops/gate-verdict';
import type { FieldChange } from '../../ops/diff';
import type { PlanSummary } from '../../ops/terraform';

/** A valid 1×1 PNG: browsers decode it (naturalWidth 1). */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const RETURN = 'https://shop.example.com/checkout/return';
const landed: Experience['landing'] = { url: RETURN, answered: true, httpStatus: 200 };

export const EXPERIENCES = {
  paid: { status: 'paid', challenged: false },
  paidAfterChallenge: { status: 'paid', challenged: true, landing: landed },
  authorized: { status: 'authorized', challenged: false },
  declined: { status: 'declined', challenged: false, declineCode: 'generic_decline', customerMessage: 'Your card was declined.' },
  stranded: {
    status: 'paid',
    challenged: true,
    landing: { url: 'https://shop.example.com/checkout/returned', answered: false, httpStatus: 404, problem: 'HTTP 404' },
  },
  rateLimited: { status: 'error', challenged: false, error: 'Stripe answered 429 after 2 retries' },
} satisfies Record<string, Experience>;

interface JourneySpec {
  journey: string;
  title: string;
  expected: string;
  verdict: Verdict;
  experience: Experience;
  durationMs?: number;
}

export function journey(spec: JourneySpec): JourneyResult {
  const { experience } = spec;
  return {
    journey: spec.journey,
    title: spec.title,
    expected: spec.expected,
    actual: describeExperience(experience),
    verdict: spec.verdict,
    durationMs: spec.durationMs ?? 400,
    experience,
    // Challenged journeys have both screenshots, as the runner takes them.
    ...(experience.challenged ? { evidence: { authenticationPage: PNG, landingPage: PNG } } : {}),
  };
}

const FRICTIONLESS = { journey: 'frictionless', title: 'Frictionless payment (4242, no 3DS required)', expected: 'paid without challenge' };
const CHALLENGE = { journey: 'challenge-completed', title: '3DS challenge completed (3220)', expected: 'paid after challenge' };
const DECLINED = { journey: 'declined', title: 'Card declined (0002, generic_decline)', expected: 'declined (generic_decline) without challenge' };

const PLAN_REPLACE: PlanSummary = {
  changed: true,
  add: 0,
  change: 0,
  destroy: 0,
  replace: 1,
  changes: [{ address: 'aws_secretsmanager_secret_version.config_version_DB2DA315', action: 'replace' }],
};

interface ReportSpec {
  environment?: string;
  candidate: JourneyResult[];
  baseline?: JourneyResult[];
  changes?: FieldChange[];
  keySets?: KeySetCheck[];
  accept?: string;
}

export function gateReport(spec: ReportSpec): GateReport {
  const rows = compareBehaviour(spec.candidate, spec.baseline);
  const keySets = spec.keySets ?? [];
  const decision = decideGate(rows, keySets, { accept: spec.accept, essential: ['keys'] });
  return {
    environment: spec.environment ?? 'production',
    verdict: decision.verdict,
    passed: decision.verdict === 'pass',
    reasons: decision.reasons,
    ...(decision.accepted ? { accepted: decision.accepted } : {}),
    plan: PLAN_REPLACE,
    ...(spec.baseline ? { deployedVersionId: 'v-live-0001' } : {}),
    changes: spec.changes ?? [],
    rows,
    keySets,
  };
}

export function gateRun(environments: GateReport[], extra: { accept?: string; stopped?: GateStop } = {}): GateRun {
  return {
    startedAt: '2026-11-29T10:00:00.000Z',
    finishedAt: '2026-11-29T10:00:12.500Z',
    ...(extra.accept ? { accept: extra.accept } : {}),
    verdict: gateRunVerdict(environments, extra.stopped),
    environments,
    ...(extra.stopped ? { stopped: extra.stopped } : {}),
  };
}

const unchanged = [
  journey({ ...FRICTIONLESS, verdict: 'pass', experience: EXPERIENCES.paid }),
  journey({ ...DECLINED, verdict: 'pass', experience: EXPERIENCES.declined }),
];

/** The statement descriptor suffix changes; customers notice nothing. */
export function passRun(): GateRun {
  const live = [...unchanged, journey({ ...CHALLENGE, verdict: 'pass', experience: EXPERIENCES.paidAfterChallenge })];
  const candidate = [...unchanged, journey({ ...CHALLENGE, verdict: 'pass', experience: EXPERIENCES.paidAfterChallenge })];
  return gateRun([
    gateReport({
      candidate,
      baseline: live,
      changes: [{ path: '/payments/statementDescriptorSuffix', before: 'EXAMPLE SHOP', after: 'EXAMPLE SHOP EU' }],
      keySets: [{ keySet: 'production-2026-11', verdict: 'pass', detail: 'live key of acct_1LocalProduction, every permission the checkout uses' }],
    }),
  ]);
}

/** The return URL's path changes: customers who are challenged land on the shop's 404. One journey was already failing. */
export function blockedRun(): GateRun {
  const stillDeclined = journey({ ...DECLINED, expected: 'paid without challenge', verdict: 'fail', experience: EXPERIENCES.declined });
  const live = [
    journey({ ...FRICTIONLESS, verdict: 'pass', experience: EXPERIENCES.paid, durationMs: 180 }),
    journey({ ...CHALLENGE, verdict: 'pass', experience: EXPERIENCES.paidAfterChallenge, durationMs: 2100 }),
    stillDeclined,
  ];
  const candidate = [
    journey({ ...FRICTIONLESS, verdict: 'pass', experience: EXPERIENCES.paid, durationMs: 170 }),
    journey({ ...CHALLENGE, verdict: 'fail', experience: EXPERIENCES.stranded, durationMs: 2300 }),
    { ...stillDeclined },
  ];
  return gateRun([
    gateReport({
      candidate,
      baseline: live,
      changes: [{ path: '/payments/returnUrl', before: RETURN, after: 'https://shop.example.com/checkout/returned' }],
    }),
  ]);
}

/** 3DS 'challenge': frictionless payments are now challenged. */
function challengeEverybody(accept?: string): GateRun {
  const live = [journey({ ...FRICTIONLESS, verdict: 'pass', experience: EXPERIENCES.paid }), journey({ ...DECLINED, verdict: 'pass', experience: EXPERIENCES.declined })];
  const candidate = [
    journey({ ...FRICTIONLESS, expected: 'paid after challenge', verdict: 'pass', experience: EXPERIENCES.paidAfterChallenge }),
    journey({ ...DECLINED, verdict: 'pass', experience: EXPERIENCES.declined }),
  ];
  return gateRun([gateReport({ candidate, baseline: live, changes: [{ path: '/payments/threeDSecure', before: 'automatic', after: 'challenge' }], accept })], { accept });
}

export const notAcceptedRun = (): GateRun => challengeEverybody();
export const ACCEPT_REASON = 'PAY-7: SCA for every payment, agreed with risk';
export const acceptedRun = (): GateRun => challengeEverybody(ACCEPT_REASON);

/** Stripe rate-limited one journey on the candidate. */
export function undecidedRun(): GateRun {
  const live = [journey({ ...FRICTIONLESS, verdict: 'pass', experience: EXPERIENCES.paid }), journey({ ...DECLINED, verdict: 'pass', experience: EXPERIENCES.declined })];
  const candidate = [journey({ ...FRICTIONLESS, verdict: 'pass', experience: EXPERIENCES.paid }), journey({ ...DECLINED, verdict: 'inconclusive', experience: EXPERIENCES.rateLimited })];
  return gateRun([gateReport({ candidate, baseline: live })]);
}

export const CONFIG_STOP: GateStop = {
  kind: 'config',
  code: 'config_type_error',
  message:
    "production: TypeScript errors in config/environments/production.ts\n  config/environments/production.ts:15:5 - TS2322: Type '\"sometimes\"' is not assignable to type 'ThreeDSecurePolicy'.",
  hint: 'Fix config/environments/production.ts; docs/CONFIG.md explains every field.',
};

export const configErrorRun = (): GateRun => gateRun([], { stopped: CONFIG_STOP });

export const TERRAFORM_STOP: GateStop = {
  kind: 'infrastructure',
  code: 'terraform_failed',
  message: 'terraform plan failed for staging: Error: Invalid provider configuration',
  hint: 'Run terraform init again; check the provider mirror.',
  environment: 'staging',
};

/** production was judged (pass), then Terraform failed on staging. */
export function infrastructureRun(): GateRun {
  const [production] = passRun().environments;
  return gateRun([production], { stopped: TERRAFORM_STOP });
}

export const RUNS = {
  pass: passRun,
  blocked: blockedRun,
  'not-accepted': notAcceptedRun,
  accepted: acceptedRun,
  undecided: undecidedRun,
  'config error': configErrorRun,
  'infrastructure failure': infrastructureRun,
};
