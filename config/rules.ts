/**
 * Semantic rules: what the JSON Schema cannot say. Each rule is a row with the reason it exists;
 * the interpreter at the bottom only runs them and collects problems with their field paths.
 * docs/CONFIG.md states every rule for the people who write environment files.
 */
import type { Problem } from '../runtime/contract';
import { apiVersionProblem } from './api-version';
import { environmentNameProblem } from './environment-name';
import { renderRuntimeDocument } from './render';
import { RUNTIME_RANGE_PATTERN } from './schema';
import { secretStringProblems } from './secret-strings';
import { descriptorCharacterProblem, hasLetter, suffixLengthProblem } from './statement-descriptor';
import { isSupportedCurrency } from './stripe-currencies';
import { accountOfArn, isAwsTarget, targetProblems } from './target';
import type { EnvironmentConfig } from './types';

interface Rule {
  why: string;
  check(config: EnvironmentConfig, context: RuleContext): Problem[];
}

/** A rule that reads any value, even one the schema refuses: what it finds is worth saying either way. */
interface ValueRule {
  why: string;
  /** Its line says more than the schema's about the same field (and the fields inside it), so it replaces the schema's. */
  supersedesSchema?: true;
  /** The field it speaks for as a whole: when it finds a problem, the schema's lines at and inside this field go. */
  supersedesField?: string;
  check(value: unknown): Problem[];
}

export interface RuleContext {
  environment: string;
  /** Today, for rules about dates; injected so tests are deterministic. */
  today: Date;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Secrets Manager quotas: "Length of a secret: 65,536 bytes" (docs.aws.amazon.com/secretsmanager/
// latest/userguide/reference_limits.html; SecretString is 1-65536 in the API model).
const SECRET_STRING_MAX_BYTES = 65_536;
// Secrets Manager's TagResource (docs.aws.amazon.com/secretsmanager/latest/apireference/
// API_TagResource.html): at most 50 tags per secret, and the aws: prefix in tag keys and values is
// reserved for AWS, "or any upper or lowercase combination" of it (AWS's common tag restrictions,
// e.g. docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html). A key has 1 to 128
// characters and a value at most 256 (API_Tag.html); the value's length is in the schema
// (config/schema.ts), the key's here, since a TypeBox Record drops the constraints of its keys.
const TAGS_PER_SECRET = 50;
const TAG_KEY_MAX_LENGTH = 128;
// The stack tags its secrets itself (stacks/environment-stack.ts: the environment on every secret;
// stacks/constructs/key-set.ts: the key set's name on its secret). A config tag of the same key would
// be overwritten, and they count against the 50 (test/unit/config/stack-tags.test.ts keeps this list true).
export const STACK_TAG_KEYS: readonly string[] = ['stripe-config:environment', 'stripe-config:key-set'];

const valueRules: ValueRule[] = [
  {
    why: 'the gate installs the runtime the checkout service runs to check the document with it, so the declaration must name one in a form it can install',
    supersedesSchema: true,
    check: (value) => checkoutRuntimeProblems(value),
  },
  {
    why: 'commands act on the target an environment declares; a missing or malformed one must say the two forms, not one schema line per branch of a union',
    supersedesField: '/target',
    check: (value) => targetProblems(value),
  },
  {
    why: 'the config is committed and its document is readable by the checkout: key material pasted anywhere in it is a leaked key',
    check: (value) => secretStringProblems(value),
  },
  {
    why: "Stripe refuses < > \\ ' \" * in a statement descriptor and strips what is not Latin (docs.stripe.com/get-started/account/statement-descriptors)",
    supersedesSchema: true,
    check: (value) =>
      (
        [
          ['/payments/statementDescriptorSuffix', stringAt(value, 'payments', 'statementDescriptorSuffix')],
          ['/shop/statementDescriptorPrefix', stringAt(value, 'shop', 'statementDescriptorPrefix')],
        ] as const
      ).flatMap(([path, text]) => {
        const message = text === undefined ? undefined : descriptorCharacterProblem(text);
        return message ? [{ path, message }] : [];
      }),
  },
];

const rules: Rule[] = [
  {
    why: 'an AWS target is worked on from CI runners and on-call laptops: Terraform state on one machine would let another re-create what exists (the S3 backend shares it, with its lock)',
    check: ({ target, infrastructure }) =>
      isAwsTarget(target) && !infrastructure.backend
        ? [{ path: '/infrastructure/backend', message: `is required when /target is an AWS account (${target.aws.accountId}): { type: 's3', bucket, key, region }, so every machine shares the Terraform state` }]
        : [],
  },
  {
    why: "the secrets' resource policy lets only the checkout role read them; a role of another account is one the stack cannot grant to by mistake",
    check: ({ target, infrastructure }) => {
      const roleAccount = accountOfArn(infrastructure.checkoutRoleArn);
      return isAwsTarget(target) && roleAccount !== undefined && roleAccount !== target.aws.accountId
        ? [{ path: '/infrastructure/checkoutRoleArn', message: `is in AWS account ${roleAccount}, but /target/aws/accountId is ${target.aws.accountId}: the checkout role must be in the account the environment lives in` }]
        : [];
    },
  },
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
    why: 'Stripe requires at least one letter in a statement descriptor, in the prefix and in the suffix alike',
    check: ({ payments, shop }) => [
      ...(payments.statementDescriptorSuffix === undefined || hasLetter(payments.statementDescriptorSuffix) ? [] : [{ path: '/payments/statementDescriptorSuffix', message: 'must contain at least one letter' }]),
      ...(shop.statementDescriptorPrefix === undefined || hasLetter(shop.statementDescriptorPrefix)
        ? []
        : [{ path: '/shop/statementDescriptorPrefix', message: 'must contain at least one letter' }]),
    ],
  },
  {
    why: "a card statement shows the account's prefix, \"* \" and the suffix, 22 characters at most (the API reference of statement_descriptor_suffix)",
    check: ({ payments, shop }) => {
      const message = payments.statementDescriptorSuffix === undefined ? undefined : suffixLengthProblem(payments.statementDescriptorSuffix, shop.statementDescriptorPrefix);
      return message ? [{ path: '/payments/statementDescriptorSuffix', message }] : [];
    },
  },
  {
    why: 'a currency Stripe does not support fails every payment (docs.stripe.com/currencies)',
    check: ({ payments }) =>
      isSupportedCurrency(payments.currency)
        ? []
        : [{ path: '/payments/currency', message: `"${payments.currency}" is not a currency Stripe supports (docs.stripe.com/currencies lists them; e.g. eur, usd, gbp)` }],
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
    why: "a pinned API version must be one Stripe released (stripe-node's list, config/stripe-releases.ts): Stripe answers any other with a 400 on every request",
    check: ({ stripe }, { today }) => {
      const message = apiVersionProblem(stripe.apiVersion, today);
      return message ? [{ path: '/stripe/apiVersion', message }] : [];
    },
  },
  {
    why: 'the runtime document is stored as a Secrets Manager SecretString, which holds at most 65,536 bytes',
    check: (config, { environment }) => {
      const bytes = Buffer.byteLength(renderRuntimeDocument(environment, config).json, 'utf8');
      return bytes <= SECRET_STRING_MAX_BYTES
        ? []
        : [{ path: '/', message: `renders a runtime document of ${bytes} bytes; a Secrets Manager secret holds at most ${SECRET_STRING_MAX_BYTES}` }];
    },
  },
  {
    why: 'Secrets Manager refuses more than 50 tags on a secret, and the stack adds its own',
    check: ({ infrastructure }) => {
      const count = Object.keys(infrastructure.tags ?? {}).length;
      const room = TAGS_PER_SECRET - STACK_TAG_KEYS.length;
      return count <= room
        ? []
        : [{ path: '/infrastructure/tags', message: `has ${count} tags; at most ${room} fit, since a secret takes ${TAGS_PER_SECRET} and stripe-config adds ${STACK_TAG_KEYS.join(' and ')}` }];
    },
  },
  {
    why: 'Secrets Manager refuses a tag key of more than 128 characters or with the aws: prefix (reserved for AWS, in values too); stripe-config sets its own tag keys on every secret',
    check: ({ infrastructure }) =>
      Object.entries(infrastructure.tags ?? {}).flatMap(([key, value]) => {
        const path = `/infrastructure/tags/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const length = [...key].length;
        if (length < 1 || length > TAG_KEY_MAX_LENGTH) return [{ path, message: `is a tag key of ${length} characters; AWS allows 1 to ${TAG_KEY_MAX_LENGTH}` }];
        if (/^aws:/i.test(key)) return [{ path, message: 'uses the aws: prefix, which AWS reserves for its own tags' }];
        if (STACK_TAG_KEYS.includes(key)) return [{ path, message: 'is a tag key stripe-config sets itself on its secrets; choose another key' }];
        if (/^aws:/i.test(value)) return [{ path, message: 'has a value starting with aws:, which AWS reserves for its own tags' }];
        return [];
      }),
  },
  {
    why: "the environment's name is its file name and the runtime document's `environment`, which the checkout's schema restricts",
    check: (_config, { environment }) => {
      const message = environmentNameProblem(environment);
      return message ? [{ path: '/environment', message }] : [];
    },
  },
];

/** Rules over a config the schema accepted. */
export function checkRules(config: EnvironmentConfig, context: RuleContext): Problem[] {
  return rules.flatMap((rule) => rule.check(config, context));
}

/**
 * Rules over any value, whether or not the schema accepted it, and the fields whose schema lines
 * (at the field and inside it) they replace because they name what is wrong more precisely (the
 * character, not the pattern; the two forms of a target, not a line per branch of its union).
 */
export function checkValueRules(value: unknown): { problems: Problem[]; supersededPaths: Set<string> } {
  const found = valueRules.map((rule) => ({ rule, problems: rule.check(value) }));
  return {
    problems: found.flatMap(({ problems }) => problems),
    supersededPaths: new Set(
      found
        .filter(({ problems }) => problems.length > 0)
        .flatMap(({ rule, problems }) => [...(rule.supersedesField ? [rule.supersedesField] : []), ...(rule.supersedesSchema ? problems.map((problem) => problem.path) : [])]),
    ),
  };
}

const RUNTIME_FORMS = '"<version or range of stripe-config>" (e.g. "^1.2.0"), { lockfile: "<path to the checkout service\'s package-lock.json>" } or { tarball: "<path to a stripe-config .tgz>" }';

/** One line for a `checkout.runtime` in none of its three forms, in place of the schema's one per branch. */
function checkoutRuntimeProblems(value: unknown): Problem[] {
  const checkout = (value as Record<string, unknown> | null | undefined)?.checkout;
  if (typeof checkout !== 'object' || checkout === null || !('runtime' in checkout)) return [];
  const runtime = (checkout as { runtime: unknown }).runtime;
  const fits =
    typeof runtime === 'string'
      ? new RegExp(RUNTIME_RANGE_PATTERN).test(runtime)
      : typeof runtime === 'object' &&
        runtime !== null &&
        Object.keys(runtime).length === 1 &&
        (isNonEmptyString((runtime as { lockfile?: unknown }).lockfile) || (isNonEmptyString((runtime as { tarball?: unknown }).tarball) && /\.tgz$/.test((runtime as { tarball: string }).tarball)));
  return fits ? [] : [{ path: '/checkout/runtime', message: `must be ${RUNTIME_FORMS} (got ${JSON.stringify(runtime)})` }];
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** `value[section][field]` when it is a string; undefined for any other shape. */
function stringAt(value: unknown, section: string, field: string): string | undefined {
  const inner = (value as Record<string, unknown> | null | undefined)?.[section];
  const text = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>)[field] : undefined;
  return typeof text === 'string' ? text : undefined;
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
