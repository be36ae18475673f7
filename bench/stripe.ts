/**
 * How fast the Stripe stand-in is through stripe-node: journeys per second at concurrency 1 and N,
 * and the latency the stand-in adds per request compared with a bare Node http server that answers a
 * fixed JSON, measured side by side in one run over the same client settings.
 *
 * Why: the gate runs every journey through the stand-in, and test suites start many of them; its
 * cost should stay small next to the work around it (Chromium, Terraform). The bare server is the
 * floor (stripe-node + loopback HTTP + JSON), so "added" is what the stand-in itself costs.
 *
 * Journeys, as the checks run them but without a browser:
 * - frictionless: tokenise 4242 with the publishable key, then create+confirm with the secret key;
 * - challenge: tokenise 3220, create+confirm (→ requires_action), POST "Complete authentication" to the
 *   hosted page as the browser's form would, then retrieve (→ succeeded).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from '../emulators/stripe';
import { createStripeClient } from '../runtime';
import { formatMs, formatRatio, summarize, textTable, timed } from './measure';

export interface StripeBenchOptions {
  /** Journeys per cell (kind × concurrency). */
  journeys: number;
  /** The "N" of concurrency N. */
  concurrency: number;
  /** Sequential requests per latency probe and server. */
  requests: number;
  progress: (line: string) => void;
}

type JourneyKind = 'frictionless' | 'challenge';

export interface JourneyCell {
  kind: JourneyKind;
  concurrency: number;
  journeys: number;
  requests: number;
  wallMs: number;
  /** Requests/s of the bare server at the same concurrency, same client. */
  bareRequestsPerSecond: number;
}

export interface LatencyProbe {
  name: string;
  standIn: number[];
  bare: number[];
}

export interface StripeBenchResult {
  options: Omit<StripeBenchOptions, 'progress'>;
  cells: JourneyCell[];
  probes: LatencyProbe[];
}

const API_VERSION = '2025-03-31.basil';
// Made per run, like the local world's keys: nothing that looks like a key is committed (test/slow/cli/secrets.test.ts).
const SECRET = `sk_test_bench${randomBytes(12).toString('hex')}`;
const PUBLISHABLE = 'pk_test_benchStandIn000000';
const RETURN_URL = 'https://shop.example/return';
const REQUESTS_PER_JOURNEY: Record<JourneyKind, number> = { frictionless: 2, challenge: 4 };

/** Fixed answers of the right size: what stripe-node parses for the same calls. */
const FIXED_ACCOUNT = JSON.stringify({ id: 'acct_1Bare', object: 'account', charges_enabled: true, country: 'US', default_currency: 'usd' });
const FIXED_INTENT = JSON.stringify({
  id: 'pi_bare',
  object: 'payment_intent',
  amount: 4200,
  currency: 'eur',
  status: 'succeeded',
  client_secret: 'pi_bare_secret_x',
  payment_method: 'pm_bare',
  payment_method_types: ['card'],
  latest_charge: 'ch_bare',
  next_action: null,
  last_payment_error: null,
  metadata: {},
});

async function startBareServer(): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.method === 'POST' ? FIXED_INTENT : FIXED_ACCOUNT;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Request-Id': 'req_bare' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function client(key: string, port: number): Stripe {
  return createStripeClient({ secretKey: key, apiVersion: API_VERSION, endpoint: { host: '127.0.0.1', port, protocol: 'http' }, maxNetworkRetries: 0 });
}

const CARD = { exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' };

/** A server-side create+confirm as the checkout library sends it on 2025-03-31.basil (typed against stripe-node's newest version, hence the cast). */
function payWith(paymentMethod: string): Stripe.PaymentIntentCreateParams {
  return { amount: 4200, currency: 'eur', payment_method: paymentMethod, payment_method_types: ['card'], confirm: true, return_url: RETURN_URL } as Stripe.PaymentIntentCreateParams;
}

async function frictionless(server: Stripe, frontEnd: Stripe): Promise<void> {
  const pm = await frontEnd.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', ...CARD } });
  const intent = await server.paymentIntents.create(payWith(pm.id));
  if (intent.status !== 'succeeded') throw new Error(`frictionless journey ended ${intent.status}; its timing would mislead`);
}

async function challenge(server: Stripe, frontEnd: Stripe): Promise<void> {
  const pm = await frontEnd.paymentMethods.create({ type: 'card', card: { number: '4000000000003220', ...CARD } });
  const intent = await server.paymentIntents.create(payWith(pm.id));
  const page = new URL(intent.next_action?.redirect_to_url?.url ?? '');
  const clicked = await fetch(`${page.origin}${page.pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: intent.client_secret!, outcome: 'complete' }).toString(),
  });
  await clicked.arrayBuffer();
  const after = await server.paymentIntents.retrieve(intent.id);
  if (after.status !== 'succeeded') throw new Error(`challenge journey ended ${after.status}; its timing would mislead`);
}

/** Runs `total` tasks with at most `concurrency` in flight; returns the wall time. */
async function pooled(total: number, concurrency: number, task: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      next += 1;
      await task();
    }
  };
  return (await timed(() => Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker)))).ms;
}

export async function benchmarkStripeStandIn(options: StripeBenchOptions): Promise<StripeBenchResult> {
  const { journeys, concurrency, requests, progress } = options;
  const emulator: StripeEmulator = await startStripeEmulator();
  const bare = await startBareServer();
  try {
    const server = client(SECRET, emulator.port);
    const frontEnd = client(PUBLISHABLE, emulator.port);
    const bareClient = client(SECRET, bare.port);
    // Warm-up, untimed: JIT, sockets, the first-request costs of both servers.
    for (let i = 0; i < 20; i++) {
      await frictionless(server, frontEnd);
      await bareClient.accounts.retrieveCurrent();
    }

    // Latency: sequential requests, stand-in and bare alternating so drift hits both alike.
    const probes: LatencyProbe[] = [
      { name: 'GET /v1/account', standIn: [], bare: [] },
      { name: 'POST /v1/payment_intents (create+confirm 4242)', standIn: [], bare: [] },
    ];
    const intentParams = payWith('pm_card_visa');
    for (let i = 0; i < requests; i++) {
      probes[0]!.standIn.push((await timed(() => server.accounts.retrieveCurrent())).ms);
      probes[0]!.bare.push((await timed(() => bareClient.accounts.retrieveCurrent())).ms);
      probes[1]!.standIn.push((await timed(() => server.paymentIntents.create(intentParams))).ms);
      probes[1]!.bare.push((await timed(() => bareClient.paymentIntents.create(intentParams))).ms);
    }
    progress(`stripe: latency probes done (${requests} requests each)`);

    const cells: JourneyCell[] = [];
    for (const level of [1, concurrency]) {
      for (const kind of ['frictionless', 'challenge'] as const) {
        const run = kind === 'frictionless' ? frictionless : challenge;
        const wallMs = await pooled(journeys, level, () => run(server, frontEnd));
        const bareRequests = journeys * REQUESTS_PER_JOURNEY[kind];
        const bareMs = await pooled(bareRequests, level, () => bareClient.accounts.retrieveCurrent());
        cells.push({ kind, concurrency: level, journeys, requests: bareRequests, wallMs, bareRequestsPerSecond: (1000 * bareRequests) / bareMs });
        progress(`stripe: ${kind} at concurrency ${level}: ${journeys} journeys in ${formatMs(wallMs)}`);
        // Keep memory flat between cells: objects pile up per journey otherwise.
        emulator.reset();
      }
    }
    return { options: { journeys, concurrency, requests }, cells, probes };
  } finally {
    await emulator.close();
    await new Promise((resolve) => bare.server.close(resolve));
  }
}

export function formatStripeBench(result: StripeBenchResult): string {
  const { journeys, concurrency, requests } = result.options;
  const throughput = textTable(
    ['journey', 'concurrency', 'journeys/s', 'requests/s', 'bare server requests/s', 'stand-in vs bare'],
    result.cells.map((cell) => {
      const perSecond = (1000 * cell.journeys) / cell.wallMs;
      const requestsPerSecond = (1000 * cell.requests) / cell.wallMs;
      return [cell.kind, String(cell.concurrency), perSecond.toFixed(0), requestsPerSecond.toFixed(0), cell.bareRequestsPerSecond.toFixed(0), formatRatio(requestsPerSecond, cell.bareRequestsPerSecond)];
    }),
  );
  const latency = textTable(
    ['request (stripe-node, keep-alive)', 'stand-in median', 'bare median', 'added by the stand-in', 'stand-in min / max'],
    result.probes.map((probe) => {
      const standIn = summarize(probe.standIn);
      const bare = summarize(probe.bare);
      return [probe.name, formatMs(standIn.median), formatMs(bare.median), `${formatMs(standIn.median - bare.median)} (${formatRatio(standIn.median, bare.median)} bare)`, `${formatMs(standIn.min)} / ${formatMs(standIn.max)}`];
    }),
  );
  return [
    `Stripe stand-in through stripe-node: ${journeys} journeys per cell, concurrency 1 and ${concurrency}; ` +
      `frictionless = ${REQUESTS_PER_JOURNEY.frictionless} requests, challenge = ${REQUESTS_PER_JOURNEY.challenge} (hosted page POSTed, no browser). ` +
      'The bare server answers a fixed JSON to the same client at the same concurrency.',
    throughput,
    `Latency per request, ${requests} sequential requests each, stand-in and bare server alternating:`,
    latency,
  ].join('\n');
}
