/**
 * Semantic rules: what the JSON Schema cannot say. Each rule is a row with the reason it exists;
 * the interpreter at the bottom only runs them and collects problems with their field paths.
 */
import type { Problem } from '../runtime/contract';
import type { EnvironmentConfig } from './types';

interface Rule {
  why: string;
  check(config: EnvironmentConfig, context: RuleContext): Problem[];
}

export interface RuleContext {
  environment: string;
  /** Today, for rules about dates; injected so tests are deterministic. */
  today: Date;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Stripe named its releases from 2024-09-30 on (2024-09-30.acacia, 2025-03-31.basil, ...).
const FIRST_NAMED_RELEASE = '2024-09-30';

const rules: Rule[] = [
  {
    why: 'a test-mode environment with a live publishable key (or the reverse) charges real cards or none',
    check: ({ stripe }) => {
      const keyMode = stripe.publishableKey.startsWith('pk_live_') ? 'live' : 'test';
      return keyMode === stripe.mode
        ? []
        : [{ path: '/stripe/publishableKey', message: `is a ${keyMode}-mode key but /stripe/mode is "${stripe.mode}"` }];
    },
  },
  {
    why: 'the key set the document names must be one the stack keeps, or the checkout cannot read its key',
    check: ({ stripe, infrastructure }) =>
      infrastructure.keySets.includes(stripe.keySet)
        ? []
        : [
            {
              path: '/stripe/keySet',
              message: `"${stripe.keySet}" is not listed in /infrastructure/keySets (${infrastructure.keySets.join(', ')})`,
            },
          ],
  },
  {
    why: 'customers return from the 3DS page over the public internet; only local test URLs may be plain http',
    check: ({ payments, stripe }) => {
      const url = safeUrl(payments.returnUrl);
      if (!url) return [];
      if (url.protocol === 'https:') return [];
      if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && stripe.mode === 'test') return [];
      return [{ path: '/payments/returnUrl', message: 'must use https (plain http is allowed only for loopback hosts in test mode)' }];
    },
  },
  {
    why: 'customers return from the 3DS page to the return URL: a host the shop does not serve strands every challenged customer',
    check: ({ payments, shop }) => {
      const url = safeUrl(payments.returnUrl);
      if (!url || shop.origins.includes(url.origin)) return [];
      return [{ path: '/payments/returnUrl', message: `is on ${url.origin}, which is not one of the shop's origins in /shop/origins (${shop.origins.join(', ')})` }];
    },
  },
  {
    why: "a live-mode environment's checks run in test mode with the same account's test keys, which only the config can name",
    check: ({ stripe, testMode }) => {
      if (stripe.mode === 'live' && !testMode) {
        return [{ path: '/testMode', message: "is required when /stripe/mode is \"live\": name the same account's test-mode publishable key and key set for the checks" }];
      }
      if (stripe.mode === 'test' && testMode) {
        return [{ path: '/testMode', message: 'is only for live-mode environments: a test-mode environment is checked with its own keys' }];
      }
      return [];
    },
  },
  {
    why: "the checks' test key set must be one the stack keeps, so the gate can read it like the checkout reads its keys",
    check: ({ testMode, infrastructure }) =>
      !testMode || infrastructure.keySets.includes(testMode.keySet)
        ? []
        : [{ path: '/testMode/keySet', message: `"${testMode.keySet}" is not listed in /infrastructure/keySets (${infrastructure.keySets.join(', ')})` }],
  },
  {
    why: 'the live key set and the test key set of the checks are different keys; one name for both means one of them is wrong',
    check: ({ testMode, stripe }) =>
      testMode && testMode.keySet === stripe.keySet ? [{ path: '/testMode/keySet', message: `must differ from /stripe/keySet ("${stripe.keySet}" holds the live keys)` }] : [],
  },
  {
    why: 'webhook payloads carry payment data and must travel over TLS',
    check: ({ webhooks, stripe }) => {
      const url = webhooks && safeUrl(webhooks.url);
      if (!url || url.protocol === 'https:') return [];
      if (LOOPBACK_HOSTS.has(url.hostname) && stripe.mode === 'test') return [];
      return [{ path: '/webhooks/url', message: 'must use https' }];
    },
  },
  {
    why: 'Stripe requires at least one letter in a statement descriptor',
    check: ({ payments }) =>
      /[A-Za-z]/.test(payments.statementDescriptorSuffix)
        ? []
        : [{ path: '/payments/statementDescriptorSuffix', message: 'must contain at least one letter' }],
  },
  {
    why: 'Secrets Manager accepts a recovery window of 7 to 30 days, or none (force delete)',
    check: ({ infrastructure }) => {
      const days = infrastructure.recoveryWindowInDays;
      return days === undefined || days === 0 || (days >= 7 && days <= 30)
        ? []
        : [{ path: '/infrastructure/recoveryWindowInDays', message: `must be 0 or between 7 and 30 (got ${days})` }];
    },
  },
  {
    why: 'a pinned API version must be a real release: dated no later than today, named from 2024-09-30 on',
    check: ({ stripe }, { today }) => {
      const [date, name] = stripe.apiVersion.split('.');
      const problems: Problem[] = [];
      if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        problems.push({ path: '/stripe/apiVersion', message: `"${stripe.apiVersion}" is not a valid date` });
      } else if (date > today.toISOString().slice(0, 10)) {
        problems.push({ path: '/stripe/apiVersion', message: `"${stripe.apiVersion}" is dated in the future` });
      } else if (date >= FIRST_NAMED_RELEASE && !name) {
        problems.push({ path: '/stripe/apiVersion', message: `"${stripe.apiVersion}" needs its release name (e.g. "${date}.acacia")` });
      } else if (date < FIRST_NAMED_RELEASE && name) {
        problems.push({ path: '/stripe/apiVersion', message: `"${stripe.apiVersion}" predates named releases; drop ".${name}"` });
      }
      return problems;
    },
  },
];

export function checkRules(config: EnvironmentConfig, context: RuleContext): Problem[] {
  return rules.flatMap((rule) => rule.check(config, context));
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
