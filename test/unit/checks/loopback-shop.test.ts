/**
 * The loopback shop's runtime is the package installed for examples/shop; where it is missing the
 * checks stop with one error that says how to install it, not a bare MODULE_NOT_FOUND.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckError, exampleShopRuntime } from '../../../checks';

let emptyShop: string;
beforeAll(() => (emptyShop = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-shop-without-runtime-'))));
afterAll(() => rmSync(emptyShop, { recursive: true, force: true }));

test('a shop folder without the installed runtime is shop_unavailable, naming the command that installs it', () => {
  let thrown: unknown;
  try {
    exampleShopRuntime(emptyShop);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CheckError);
  expect(thrown).toMatchObject({
    code: 'shop_unavailable',
    message: expect.stringMatching(/^the loopback shop \(examples\/shop\) cannot load stripe-config\/runtime: Cannot find module 'stripe-config\/package\.json'/),
    hint: expect.stringContaining('npm run build:runtime -- --shop'),
  });
});
