import { startLocalWorld } from '../ops/local-world';
import type { Workspace } from '../ops';

/** Runs both stand-ins of the embedded default (workspace state, embedded accounts) until SIGINT or SIGTERM. */
export async function serveEmulators(
  workspace: Workspace,
  ports: { awsPort?: number; stripePort?: number },
  print: (line: string) => void,
): Promise<void> {
  const world = await startLocalWorld(workspace, ports);
  print(`secrets-manager ${world.secretsManager.url}  (AWS_ENDPOINT_URL_SECRETS_MANAGER=${world.secretsManager.url})`);
  print(`stripe          ${world.stripe.url}  (stripe-node: host 127.0.0.1, port ${world.stripe.port}, protocol http)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await world.close();
  print('stopped');
}
