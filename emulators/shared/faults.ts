/**
 * Fault injection for the stand-ins: a control surface kept apart from the emulated API (as msw and
 * localstripe do), so tests of retries and "inconclusive" handling can make a route slow, failing,
 * throttled or cut off without touching the domain code.
 *
 * Each stand-in labels its requests in its own terms (Stripe: `POST /v1/payment_intents/pi_1/confirm`;
 * Secrets Manager: the `X-Amz-Target` operation, e.g. `UpdateSecretVersionStage`) and renders a
 * `status` fault in its own error shape; matching, counting and timing live here, once.
 */

export interface FaultRule {
  /**
   * Which requests the rule affects, matched against the stand-in's request label: a string matches
   * the whole label exactly, a RegExp is tested against it. Default: every request.
   */
  match?: string | RegExp;
  /** How many matching requests it affects before it retires. Default: all of them. */
  times?: number;
  /** Delay before the request is handled (or failed, or dropped). Default: 0. */
  latencyMs?: number;
  /** Answer with this HTTP status instead of handling the request (5xx, 429, …). */
  status?: number;
  /** Destroy the connection without any response, as a crashed load balancer would. */
  drop?: boolean;
}

/** What a stand-in does with one request. */
export interface FaultPlan {
  latencyMs: number;
  outcome: { kind: 'handle' } | { kind: 'status'; status: number } | { kind: 'drop' };
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

const NO_FAULT: FaultPlan = { latencyMs: 0, outcome: { kind: 'handle' } };

function describeRuleError(rule: FaultRule): string | undefined {
  if (rule.status !== undefined && rule.drop === true) return 'a fault rule cannot both answer with a status and drop the connection';
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599)) {
    return `fault status must be an HTTP error status (400-599), got ${String(rule.status)}`;
  }
  if (rule.latencyMs !== undefined && !(Number.isFinite(rule.latencyMs) && rule.latencyMs >= 0)) {
    return `fault latencyMs must be a non-negative number, got ${String(rule.latencyMs)}`;
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
    return `fault times must be a positive integer, got ${String(rule.times)}`;
  }
  return undefined;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** Adds a rule; the earliest added rule that matches a request wins. Returns a remover. */
  add(rule: FaultRule): () => void {
    const problem = describeRuleError(rule);
    if (problem !== undefined) throw new RangeError(problem);
    const active: ActiveRule = { rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((r) => r !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** Consumes one use of the first matching rule, and says what to do with the request. */
  planFor(label: string): FaultPlan {
    const active = this.rules.find((r) => matches(r.rule.match, label));
    if (active === undefined) return NO_FAULT;
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
    const { rule } = active;
    const outcome: FaultPlan['outcome'] =
      rule.drop === true ? { kind: 'drop' } : rule.status !== undefined ? { kind: 'status', status: rule.status } : { kind: 'handle' };
    return { latencyMs: rule.latencyMs ?? 0, outcome };
  }
}

function matches(match: FaultRule['match'], label: string): boolean {
  if (match === undefined) return true;
  if (typeof match === 'string') return match === label;
  match.lastIndex = 0;
  return match.test(label);
}

/**
 * Latency waits that `cancelAll` ends at once (the request is then answered or dropped as planned),
 * so a stand-in closing with a slow rule pending never keeps a test process alive.
 */
export class FaultTimers {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Waits out a plan's latency; resolves at once when there is none. */
  wait(plan: FaultPlan): Promise<void> {
    if (plan.latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, plan.latencyMs);
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
