import { LEDGER_TABLE, createLedger, localDynamoDBClient, startLocalDynamoDB, type Ledger } from '../../ops';

export interface TestLedger {
  ledger: Ledger;
  url: string;
  close(): Promise<void>;
}

/** dynalite in memory on a random loopback port, with the ledger table, and a ledger on it. */
export async function openTestLedger(): Promise<TestLedger> {
  const dynamodb = await startLocalDynamoDB();
  const client = localDynamoDBClient(dynamodb.url);
  return {
    ledger: createLedger({ client, tableName: LEDGER_TABLE }),
    url: dynamodb.url,
    close: async () => {
      client.destroy();
      await dynamodb.close();
    },
  };
}
