import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { externalImportsOf, runtimeDependencies } from '../../../scripts/runtime-package';

/** The runtime package may depend on what the checkout needs at run time, and nothing of the tool. */
describe('what the built runtime package may import', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-runtime-imports-'));
    mkdirSync(path.join(dir, 'runtime', 'contract'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
  const pins = { stripe: '23.1.0', ajv: '8.20.0', '@aws-sdk/client-secrets-manager': '3.1164.0', cdktf: '0.21.0', 'ajv-formats': '^3.0.1' };

  test('finds bare imports in JavaScript and declarations, by package, and leaves the package’s own files alone', () => {
    write('runtime/index.js', 'const s = require("stripe"); const c = require("./contract"); const f = require("node:fs"); require("path");');
    write('runtime/index.mjs', "export { a } from './index.js';");
    write('runtime/contract/index.d.ts', '/// <reference types="node" />\nexport declare const x: import("@sinclair/typebox").TString;\nimport type { X } from "@aws-sdk/client-secrets-manager/dist-types/commands";');
    expect(externalImportsOf(dir)).toEqual([
      { module: '@sinclair/typebox', file: 'runtime/contract/index.d.ts', kind: 'import' },
      { module: '@aws-sdk/client-secrets-manager', file: 'runtime/contract/index.d.ts', kind: 'import' },
      { module: 'node', file: 'runtime/contract/index.d.ts', kind: 'types' },
      { module: 'stripe', file: 'runtime/index.js', kind: 'import' },
      { module: 'node:fs', file: 'runtime/index.js', kind: 'import' },
      { module: 'node:path', file: 'runtime/index.js', kind: 'import' },
    ]);
  });

  test('the dependencies are what is imported, at the pinned versions; built-ins and @types/node are not dependencies', () => {
    write('runtime/index.js', 'require("stripe"); require("ajv"); require("node:crypto");');
    write('runtime/index.d.ts', '/// <reference types="node" />\nimport Stripe from "stripe";');
    expect(runtimeDependencies(externalImportsOf(dir), pins)).toEqual({ ajv: '8.20.0', stripe: '23.1.0' });
  });

  test('an import of anything else fails the build, naming each file and module', () => {
    write('runtime/index.js', 'require("stripe"); require("cdktf");');
    write('runtime/loader.d.ts', 'import type { Provider } from "@smithy/types";');
    expect(() => runtimeDependencies(externalImportsOf(dir), pins)).toThrow(
      /may import only stripe, @aws-sdk\/client-secrets-manager, ajv, ajv-formats, @sinclair\/typebox and Node's built-ins.*\n {2}runtime\/index\.js imports cdktf\n {2}runtime\/loader\.d\.ts imports @smithy\/types$/s,
    );
  });

  test('a relative import that leaves the package fails the build', () => {
    write('runtime/index.js', 'require("../../config");');
    expect(() => externalImportsOf(dir)).toThrow('runtime/index.js imports ../../config, outside the package');
  });

  test('a dependency the repository does not pin exactly fails the build', () => {
    write('runtime/index.js', 'require("ajv-formats");');
    expect(() => runtimeDependencies(externalImportsOf(dir), pins)).toThrow(/must pin ajv-formats to an exact version .*found "\^3\.0\.1"/);
  });
});
