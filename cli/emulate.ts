import { LEDGER_TABLE, openWorkspace, startLocalWorld } from '../ops';

/**
 * Runs both stand-ins and the ledger's DynamoDB of the embedded default (workspace state, embedded
 * accounts) until SIGINT or SIGTERM. While it runs, other commands in the same workspace attach to
 * it instead of starting their own.
 */
export async function serveEmulators(ports: { awsPort?: number; stripePort?: number }, print: (line: string) => void): Promise<void> {
  const workspace = openWorkspace();
  const world = await startLocalWorld(workspace, { ...ports, share: true });
  print(`secrets-manager ${world.secretsManagerUrl}  (AWS_ENDPOINT_URL_SECRETS_MANAGER=${world.secretsManagerUrl})`);
  print(`stripe          ${world.stripeUrl}  (stripe-node: host 127.0.0.1, port ${new URL(world.stripeUrl).port}, protocol http)`);
  print(`dynamodb        ${world.dynamodbUrl}  (AWS_ENDPOINT_URL_DYNAMODB=${world.dynamodbUrl}; ledger table ${LEDGER_TABLE})`);
  // The path, never the keys: they are the stand-in's own keys, but output stays free of key material.
  print(`stripe keys     ${workspace.stripeAccounts}  (the embedded accounts' test and live keys, by account; mode 0600)`);
  print('other stripe-config commands in this workspace use these stand-ins while this runs');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await world.close();
  print('stopped');
}
