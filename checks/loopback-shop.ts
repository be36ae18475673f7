/**
 * The loopback shop is the example shop (examples/shop), loaded only when a journey needs it: the
 * shop imports `stripe-config/runtime` from its own node_modules, as a team's service does, and
 * that package is installed by the tool (ops/example-shop.ts) before the checks run. Loading it
 * lazily keeps every other command (and every test that never sends a customer back) free of that
 * install.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { startShop } from '../examples/shop';
import { checkoutRuntimeOf, type CheckoutRuntime } from './checkout-runtime';
import { CheckError } from './errors';

/** examples/shop: its node_modules holds the packaged runtime it imports. */
export const EXAMPLE_SHOP_DIR = path.resolve(__dirname, '..', 'examples', 'shop');

const NOT_INSTALLED_HINT =
  'examples/shop imports stripe-config/runtime as an installed package: run `npm run build:runtime -- --shop` (scripts/bootstrap.sh does), or any gate or check on the embedded default, which installs it.';

/** The example shop's `startShop`; throws CheckError (`shop_unavailable`) when its runtime package is not installed. */
export async function loadExampleShop(): Promise<typeof startShop> {
  try {
    // `require`, as cli/main.ts loads lazily: under tsx a dynamic import() of a folder fails in Node's ES module loader.
    return (require('../examples/shop') as typeof import('../examples/shop')).startShop;
  } catch (error) {
    throw notInstalled(error) ?? error;
  }
}

/**
 * The runtime the example shop imports, as a CheckoutRuntime: the installed package
 * (`examples/shop/node_modules/stripe-config`), resolved by Node from the shop's folder exactly as
 * the shop's own `import … from 'stripe-config/runtime'` is. The runner's own backend calls use it
 * too, so a journey on the loopback shop runs the packaged runtime from payment to return.
 */
export function exampleShopRuntime(shopDir = EXAMPLE_SHOP_DIR): CheckoutRuntime {
  const requireFromShop = createRequire(path.join(shopDir, 'index.ts'));
  try {
    const { version } = requireFromShop('stripe-config/package.json') as { version: string };
    return checkoutRuntimeOf(requireFromShop('stripe-config/runtime') as Record<string, unknown>, version, 'the repository, packaged (examples/shop/node_modules)');
  } catch (error) {
    throw notInstalled(error) ?? error;
  }
}

/** Where the shop's `stripe-config/runtime` resolves from (a file of the installed package). */
export function exampleShopRuntimePath(shopDir = EXAMPLE_SHOP_DIR): string {
  return createRequire(path.join(shopDir, 'index.ts')).resolve('stripe-config/runtime');
}

function notInstalled(error: unknown): CheckError | undefined {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code !== 'MODULE_NOT_FOUND' || !/stripe-config\/(runtime|package\.json)/.test(message ?? '')) return undefined;
  return new CheckError('shop_unavailable', `the loopback shop (examples/shop) cannot load stripe-config/runtime: ${message?.split('\n')[0]}`, NOT_INSTALLED_HINT);
}
