/**
 * The ledger on the embedded default: dynalite (a maintained DynamoDB emulator on LevelDB) started
 * in-process on loopback, its table created on start, and a client with dummy credentials.
 * What it relies on, measured with dynalite 4.0.0 and this SDK: conditional PutItem/UpdateItem and
 * Query work; a new table stays CREATING unless createTableMs is 0; TransactWriteItems is an
 * UnknownOperationException (the ledger never uses it).
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { createLedger, type Ledger } from './ledger';
import { describeTarget, ledgerFailure } from './ledger-errors';

/** The ledger table's name, the same in every account and on the embedded default. */
export const LEDGER_TABLE = 'stripe-config-ledger';

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}
/** dynalite ships no type declarations; this is the part of its API used here (its index.js JSDoc). */
type Dynalite = (options: DynaliteOptions) => Server;

export interface LocalDynamoDB {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1 with the ledger table (created unless it exists); with `path` the
 * tables live in that LevelDB folder, else in memory.
 */
export async function startLocalDynamoDB(options: { path?: string; port?: number } = {}): Promise<LocalDynamoDB> {
  if (options.path) mkdirSync(options.path, { recursive: true, mode: 0o700 });
  // Loaded here, not at import: ~80 ms that commands attached to a running emulate, or on AWS, never pay.
  const dynalite = require('dynalite') as Dynalite;
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // dynalite's close also closes LevelDB once in-flight requests finish, so the next start on the same path can open it.
  const close = () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  const client = localDynamoDBClient(url);
  try {
    await ensureLedgerTable(client);
  } catch (error) {
    await close();
    throw error;
  } finally {
    client.destroy();
  }
  return { url, close };
}

const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDSTRIPECONFIGLOCAL', secretAccessKey: 'stripe-config-local' };

/**
 * A DynamoDB client for a loopback endpoint: dummy credentials, and two attempts so one lost
 * response is retried (the ledger's conditional writes are safe to retry) but a dead endpoint fails fast.
 */
export function localDynamoDBClient(endpoint: string, region = 'us-east-1'): DynamoDBClient {
  return new DynamoDBClient({ region, endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });
}

/** Creates the ledger table (pk, sk; on-demand) unless it exists, and waits until it is ACTIVE. */
export async function ensureLedgerTable(client: DynamoDBClient, tableName = LEDGER_TABLE): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException')
      throw ledgerFailure(error, await describeTarget(client, tableName), `CreateTable ${tableName}`);
  }
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { TableName: tableName });
}

export interface LocalLedger extends Ledger {
  /** Closes the client (not the emulator, which belongs to the local world). */
  close(): void;
}

/** The ledger of a local world (its `dynamodbUrl`), like `localSecretsManagerClient` for Secrets Manager. */
export function openLocalLedger(endpoint: string, options: { now?: () => Date; pageSize?: number } = {}): LocalLedger {
  const client = localDynamoDBClient(endpoint);
  return { ...createLedger({ client, tableName: LEDGER_TABLE, ...options }), close: () => client.destroy() };
}
