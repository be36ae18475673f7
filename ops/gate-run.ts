/**
 * One run of `stripe-config gate`, whole: what every report is written from. A run that stopped
 * early (a config error, a usage error, Terraform or Chromium failing) is still a run, so the
 * pull request gets its comment and CI its JUnit file either way.
 */
import { StripeConfigError } from '../runtime/contract';
import type { CommandErrorCode } from './errors';
import type { GateReport } from './gate';
import { worstVerdict, type GateVerdict } from './gate-verdict';
import { redact } from './redact';

/** Why a run stopped before judging every environment. */
export interface GateStop {
  /** config and usage: exit 2; infrastructure: the gate could not decide, exit 4. */
  kind: 'config' | 'usage' | 'infrastructure';
  /** The error's code; `unexpected` for a failure that is not one of ours (a bug: `detail` has its stack). */
  code: CommandErrorCode | 'unexpected';
  message: string;
  hint?: string;
  /** The environment being gated when it stopped (absent when none had started). */
  environment?: string;
  /** The stack of an unexpected failure, for whoever fixes it. */
  detail?: string;
}

export type GateRunVerdict = GateVerdict | 'config-error' | 'usage-error';

export interface GateRun {
  /** ISO 8601 times of the run's start and end. */
  startedAt: string;
  finishedAt: string;
  /** The reason given with --accept, if any. */
  accept?: string;
  /** Of the whole run: the worst environment's, or why it stopped. */
  verdict: GateRunVerdict;
  /** Every environment judged, in order (those judged before a stop, too). */
  environments: GateReport[];
  stopped?: GateStop;
}

/**
 * What each of our error codes means for a gate that stops on it. A Record, so a new code does not
 * compile until it is placed here (as the CLI's EXIT table).
 */
const STOP_KIND: Record<CommandErrorCode, GateStop['kind']> = {
  config_invalid: 'config',
  config_not_found: 'config',
  config_type_error: 'config',
  document_invalid: 'config',
  live_keys_refused: 'config',
  usage: 'usage',
  key_material_missing: 'infrastructure',
  aws_credentials: 'infrastructure',
  aws_account_mismatch: 'infrastructure',
  local_state_invalid: 'infrastructure',
  terraform_failed: 'infrastructure',
  browser_unavailable: 'infrastructure',
  shop_unavailable: 'infrastructure',
  checks_failed: 'infrastructure',
  deploy_verification_failed: 'infrastructure',
  key_set_write_failed: 'infrastructure',
  deploy_refused: 'infrastructure',
  rollback_refused: 'infrastructure',
  rollback_conflict: 'infrastructure',
  on_hold: 'infrastructure',
  changed_then_failed: 'infrastructure',
  invalid_input: 'usage',
  lock_held: 'infrastructure',
  lock_lost: 'infrastructure',
  hold_missing: 'infrastructure',
  operation_unknown: 'infrastructure',
  outcome_recorded: 'infrastructure',
  record_invalid: 'infrastructure',
  ledger_unreachable: 'infrastructure',
  ledger_table_missing: 'infrastructure',
  ledger_throttled: 'infrastructure',
  ledger_failed: 'infrastructure',
};

/** Why the run stopped, from what was thrown and the environment in progress. */
export function gateStop(error: unknown, environment?: string): GateStop {
  const where = environment ? { environment } : {};
  if (error instanceof StripeConfigError) {
    const { code, message, hint } = error as StripeConfigError<CommandErrorCode>;
    return { kind: STOP_KIND[code] ?? 'infrastructure', code, message, ...(hint ? { hint } : {}), ...where };
  }
  const failure = error instanceof Error ? error : new Error(String(error));
  return {
    kind: 'infrastructure',
    code: 'unexpected',
    message: `unexpected error: ${failure.message}`,
    hint: 'This is a bug in stripe-config, not in your change: report it with gate.json attached.',
    ...where,
    ...(failure.stack ? { detail: failure.stack } : {}),
  };
}

/** The run's verdict: a config or usage error wins; an infrastructure stop cannot decide; else the worst environment's. */
export function gateRunVerdict(environments: readonly GateReport[], stopped?: GateStop): GateRunVerdict {
  if (stopped?.kind === 'config') return 'config-error';
  if (stopped?.kind === 'usage') return 'usage-error';
  return worstVerdict([...environments.map((report) => report.verdict), ...(stopped ? (['undecided'] as const) : [])]);
}

/**
 * The run with every string passed through `redact`: reports are posted on pull requests and kept
 * as CI artefacts, so no key material may reach them (a config error quotes the offending value;
 * an error message may quote a request). Screenshots (Buffers) are kept as they are.
 */
export function redactGateRun(run: GateRun): GateRun {
  return redactValue(run) as GateRun;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redactValue);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
}
