import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';

export interface LedgerTableProps {
  /** Table name; stripe-config reads and writes `stripe-config-ledger`. */
  readonly name: string;
  /** Tags on the table. Default none. */
  readonly tags?: Record<string, string>;
}

/**
 * The ledger (ops/ledger*.ts): pk = env#<environment>, sk = op#…, lock, hold or gate#…; on demand, as
 * ops/ledger-local.ts creates it on the embedded default. Point-in-time recovery, because the audit
 * trail must survive a mistaken write; deletion protection, because it is the audit trail.
 */
export class LedgerTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: LedgerTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: props.name,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'pk',
      rangeKey: 'sk',
      attribute: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
      ],
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      serverSideEncryption: { enabled: true },
      tags: props.tags,
    });
  }
}
