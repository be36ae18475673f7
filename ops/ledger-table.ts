/**
 * The one place that talks to the ledger's DynamoDB table: single-item conditional writes, strongly
 * consistent reads, newest-first queries, and every failure turned into a LedgerError naming the
 * table, region and request.
 *
 * Writes say whether their condition held instead of throwing, because the caller must then read
 * the item back: the SDK retries a write whose response was lost, and the retry fails the condition
 * that the first attempt already satisfied (the KCL lease renewer has the same problem, see
 * docs/ARCHITECTURE.md "Shared operational state").
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { describeTarget, ledgerFailure, type LedgerTarget } from './ledger-errors';
import { toAttribute, type ItemKey } from './ledger-records';

export type Item = Record<string, AttributeValue>;
type Value = Parameters<typeof toAttribute>[0];

/** A condition expression; `#field` names an attribute, `:value` a value given in `values` (without the colon). */
export interface Condition {
  expression: string;
  values?: Record<string, Value>;
}

export interface LedgerTable {
  readonly name: string;
  /** Puts the item; false when the condition failed. */
  put(item: Item, condition: Condition): Promise<boolean>;
  /** Sets fields of an existing item; the item after the update, or undefined when the condition failed. */
  update(key: ItemKey, set: Record<string, Value>, condition: Condition): Promise<Item | undefined>;
  get(key: ItemKey): Promise<Item | undefined>;
  /** Deletes the item (if the condition holds); `deleted` false when the condition failed, `item` what was there. */
  delete(key: ItemKey, condition?: Condition): Promise<{ deleted: boolean; item?: Item }>;
  /** Items of one partition whose sort key starts with `prefix`, newest (highest sort key) first. */
  query(pk: string, prefix: string, options: { pageSize: number; limit: number }): AsyncGenerator<Item>;
}

export function openLedgerTable(client: DynamoDBClient, name: string): LedgerTable {
  let target: Promise<LedgerTarget> | undefined;
  const send = async <T>(request: string, call: () => Promise<T>): Promise<T | 'condition-failed'> => {
    try {
      return await call();
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'condition-failed';
      target ??= describeTarget(client, name);
      throw ledgerFailure(error, await target, request);
    }
  };
  const keyOf = (key: ItemKey): Item => ({ pk: { S: key.pk }, sk: { S: key.sk } });
  const label = (operation: string, key: ItemKey) => `${operation} ${key.pk} ${key.sk}`;

  return {
    name,
    async put(item, condition) {
      const key = { pk: item.pk.S ?? '', sk: item.sk.S ?? '' };
      const guard = compile(condition);
      const result = await send(label('PutItem', key), () =>
        client.send(new PutItemCommand({ TableName: name, Item: item, ConditionExpression: guard.text, ...attributes(guard) })),
      );
      return result !== 'condition-failed';
    },
    async update(key, set, condition) {
      const fields = Object.keys(set);
      const assignments = compile({
        expression: `SET ${fields.map((field) => `#${field} = :set_${field}`).join(', ')}`,
        values: Object.fromEntries(fields.map((field) => [`set_${field}`, set[field]])),
      });
      const guard = compile(condition);
      const result = await send(label('UpdateItem', key), () =>
        client.send(
          new UpdateItemCommand({
            TableName: name,
            Key: keyOf(key),
            UpdateExpression: assignments.text,
            ConditionExpression: guard.text,
            ...attributes(assignments, guard),
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return result === 'condition-failed' ? undefined : result.Attributes;
    },
    async get(key) {
      const result = await send(label('GetItem', key), () =>
        client.send(new GetItemCommand({ TableName: name, Key: keyOf(key), ConsistentRead: true })),
      );
      return result === 'condition-failed' ? undefined : result.Item;
    },
    async delete(key, condition) {
      const guard = condition && compile(condition);
      const result = await send(label('DeleteItem', key), () =>
        client.send(
          new DeleteItemCommand({
            TableName: name,
            Key: keyOf(key),
            ReturnValues: 'ALL_OLD',
            ConditionExpression: guard?.text,
            ...(guard && attributes(guard)),
          }),
        ),
      );
      return result === 'condition-failed' ? { deleted: false } : { deleted: true, item: result.Attributes };
    },
    async *query(pk, prefix, { pageSize, limit }) {
      const keyCondition = compile({ expression: '#pk = :pk AND begins_with(#sk, :prefix)', values: { pk, prefix } });
      let start: Item | undefined;
      let returned = 0;
      do {
        const page = await send(`Query ${pk} ${prefix}*`, () =>
          client.send(
            new QueryCommand({
              TableName: name,
              KeyConditionExpression: keyCondition.text,
              ...attributes(keyCondition),
              ScanIndexForward: false,
              ConsistentRead: true,
              Limit: Math.min(pageSize, limit - returned),
              ExclusiveStartKey: start,
            }),
          ),
        );
        if (page === 'condition-failed') return;
        for (const item of page.Items ?? []) {
          returned += 1;
          yield item;
        }
        start = page.LastEvaluatedKey;
      } while (start && returned < limit);
    },
  };
}

interface Compiled {
  text: string;
  names: Record<string, string>;
  values: Item;
}

/** Every `#field` becomes an attribute name and every value a `:name`, so no field can clash with DynamoDB's reserved words. */
function compile(condition: Condition): Compiled {
  const fields = [...condition.expression.matchAll(/#(\w+)/g)].map((match) => match[1]);
  return {
    text: condition.expression,
    names: Object.fromEntries(fields.map((field) => [`#${field}`, field])),
    values: Object.fromEntries(Object.entries(condition.values ?? {}).map(([name, value]) => [`:${name}`, toAttribute(value)])),
  };
}

/** The expressions' names and values together; DynamoDB refuses an empty map, so none is sent empty. */
function attributes(...parts: Compiled[]): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item } {
  const names = Object.assign({}, ...parts.map((part) => part.names)) as Record<string, string>;
  const values = Object.assign({}, ...parts.map((part) => part.values)) as Item;
  return {
    ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
    ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
  };
}
