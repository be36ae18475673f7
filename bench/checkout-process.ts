/**
 * A minimal checkout process for the end-to-end restore benchmark (bench/restore.ts): the runtime's
 * `createConfigLoader` on Secrets Manager, exactly as a checkout backend wires it (docs/ARCHITECTURE.md,
 * "Using the runtime in the checkout backend"), behind one HTTP route that answers what a payment
 * would be taken with now. Every request calls `config.get()`, as a payment does.
 *
 * Started by the benchmark as `node -r tsx/cjs bench/checkout-process.ts` with the SDK's usual
 * environment (AWS_REGION, AWS_ENDPOINT_URL_SECRETS_MANAGER, credentials) and:
 *   STRIPE_CONFIG_SECRET_ID       the config secret
 *   LOADER_CHECK_INTERVAL_MS      optional; unset: the loader's default (what a service gets)
 * It prints `listening <url>` once, then serves `GET /config`:
 *   {"versionId": …, "threeDSecure": …, "calls": {"DescribeSecret": n, "GetSecretValue": n}}
 * where `calls` counts the Secrets Manager commands this process has sent, by operation (an SDK
 * middleware; an SDK retry would be one more request, and there are none against the stand-in).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createConfigLoader } from '../runtime';

const secretId = process.env.STRIPE_CONFIG_SECRET_ID;
if (!secretId) throw new Error('STRIPE_CONFIG_SECRET_ID is not set');
const checkIntervalMs = process.env.LOADER_CHECK_INTERVAL_MS ? Number(process.env.LOADER_CHECK_INTERVAL_MS) : undefined;

const calls: Record<string, number> = {};
const client = new SecretsManagerClient({});
client.middlewareStack.add(
  (next, context) => (args) => {
    const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
    calls[operation] = (calls[operation] ?? 0) + 1;
    return next(args);
  },
  { step: 'initialize', name: 'countSecretsManagerCalls' },
);
const config = createConfigLoader({ client, secretId, ...(checkIntervalMs === undefined ? {} : { checkIntervalMs }) });

const server = createServer((request, response) => {
  if (request.url !== '/config') {
    response.writeHead(404).end();
    return;
  }
  config.get().then(
    ({ versionId, document }) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ versionId, threeDSecure: document.payments.threeDSecure, calls }));
    },
    (error: Error) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: error.message, calls }));
    },
  );
});
server.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => server.close(() => client.destroy()));
