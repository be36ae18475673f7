/**
 * The risk of each runtime-document field (config/field-risks.ts), which the gate's report shows
 * next to the field diff: every field has a row, and docs/CONFIG.md states the same risk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { fieldRisk } from '../../../config';
import { FIELD_RISKS } from '../../../config/field-risks';
import { RuntimeDocumentSchema } from '../../../runtime/contract';

/** Every JSON pointer of the schema: objects and their fields, down to the leaves (arrays are leaves). */
function schemaPaths(schema: TSchema, prefix = ''): Array<{ path: string; leaf: boolean }> {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties;
  if (!properties) return [{ path: prefix, leaf: true }];
  return [
    ...(prefix ? [{ path: prefix, leaf: false }] : []),
    ...Object.entries(properties).flatMap(([name, child]) => schemaPaths(child, `${prefix}/${name}`)),
  ];
}

/** The risk level docs/CONFIG.md gives each field, from its tables (`field` under `## \`section\``, or a `/full/path`). */
function documentedRisks(): Map<string, string> {
  const text = readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'CONFIG.md'), 'utf8');
  const risks = new Map<string, string>();
  let section = '';
  let riskColumn: number | undefined; // undefined outside a table; -1 in a table without a risk column
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) section = /^## `(\w+)`/.exec(line)?.[1] ?? '';
    if (!line.startsWith('|')) {
      riskColumn = undefined;
      continue;
    }
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    if (riskColumn === undefined) {
      riskColumn = cells.findIndex((cell) => cell.startsWith('risk'));
      continue;
    }
    const field = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    const risk = /^(high|medium|low)\b/.exec(cells[riskColumn] ?? '')?.[1];
    if (field && risk) risks.set(field.startsWith('/') ? field : `/${section}/${field}`, risk);
  }
  return risks;
}

describe('field risks', () => {
  const documentPaths = schemaPaths(RuntimeDocumentSchema);

  test('every field of the runtime document has its own row', () => {
    const rows = new Set(FIELD_RISKS.map((row) => row.path));
    expect(documentPaths.filter(({ leaf, path }) => leaf && !rows.has(path))).toEqual([]);
  });

  test('every row is a field of the runtime document', () => {
    const paths = new Set(documentPaths.map(({ path }) => path));
    expect(FIELD_RISKS.filter((row) => !paths.has(row.path))).toEqual([]);
  });

  test.each([
    '/stripe/apiVersion',
    '/stripe/keySet',
    '/stripe/publishableKey',
    '/payments/threeDSecure',
    '/payments/returnUrl',
    '/payments/captureMethod',
    '/payments/currency',
  ])('%s is high risk', (path) => {
    expect(fieldRisk(path)?.risk).toBe('high');
  });

  test('the statement descriptor is low risk', () => {
    expect(fieldRisk('/payments/statementDescriptorSuffix')?.risk).toBe('low');
  });

  test("a diff's path inside a listed field gets that field's row", () => {
    expect(fieldRisk('/webhooks/events/2')).toEqual(fieldRisk('/webhooks/events'));
    expect(fieldRisk('/payments/paymentMethodTypes/0')?.path).toBe('/payments/paymentMethodTypes');
  });

  test('a path outside the document has no row', () => {
    expect(fieldRisk('/infrastructure/tags')).toBeUndefined();
    expect(fieldRisk('/')).toBeUndefined();
  });

  test('docs/CONFIG.md gives every field the same risk level as the table', () => {
    const documented = documentedRisks();
    expect(Object.fromEntries(FIELD_RISKS.map((row) => [row.path, documented.get(row.path) ?? '(not in CONFIG.md)']))).toEqual(
      Object.fromEntries(FIELD_RISKS.map((row) => [row.path, row.risk])),
    );
  });
});
