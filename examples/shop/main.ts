/**
 * The example shop as a program: `npx tsx examples/shop/main.ts`. Settings come from the
 * environment (examples/shop/README.md); Secrets Manager is reached the AWS SDK's usual way
 * (AWS_REGION, credentials, AWS_ENDPOINT_URL_SECRETS_MANAGER for the stand-in).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createConfigLoader, loadKeySet, type StripeEndpoint } from 'stripe-config/runtime';
import { startShop } from './server';

async function main(): Promise<void> {
  const secretId = process.env.STRIPE_CONFIG_SECRET_ID;
  if (!secretId) throw new Error('STRIPE_CONFIG_SECRET_ID is not set: name the config secret, e.g. stripe-config/production/config');
  const secrets = new SecretsManagerClient({});
  const config = createConfigLoader({
    client: secrets,
    secretId,
    // The loader keeps serving the last good document; say loudly that a newer one was refused.
    onRejected: (reason) => console.error(`config ${secretId}: kept the last good document`, reason.versionId ?? '', reason.problems ?? reason.error ?? ''),
  });
  const shop = await startShop({
    config,
    keys: (keySetSecretId) => loadKeySet(secrets, keySetSecretId),
    stripeEndpoint: stripeEndpointFrom(process.env.STRIPE_API_URL),
    port: portFrom(process.env.SHOP_PORT),
    host: process.env.SHOP_HOST ?? '127.0.0.1',
  });
  console.log(`example shop on ${shop.url} (config ${secretId}); POST /checkout/pay, GET /checkout/return, GET /healthz`);
  const stop = () => void shop.close().then(() => secrets.destroy());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** STRIPE_API_URL=http://127.0.0.1:12111 sends stripe-node to the stand-in; unset: api.stripe.com. */
function stripeEndpointFrom(value: string | undefined): StripeEndpoint | undefined {
  if (!value) return undefined;
  const url = new URL(value);
  const protocol = url.protocol === 'https:' ? 'https' : url.protocol === 'http:' ? 'http' : undefined;
  if (!protocol) throw new Error(`STRIPE_API_URL must be an http(s) URL (got ${value})`);
  return { host: url.hostname, port: Number(url.port || (protocol === 'https' ? 443 : 80)), protocol };
}

function portFrom(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SHOP_PORT must be a port number (got ${value})`);
  return port;
}

main().catch((error: Error) => {
  console.error(`example shop: ${error.message}`);
  process.exit(1);
});
