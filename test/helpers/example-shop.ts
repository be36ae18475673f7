/**
 * The example shop as the checks run it: on the repository's runtime, packed and installed into
 * examples/shop/node_modules (ops/example-shop.ts), loaded only after that install. The first call
 * on a fresh clone packs the runtime (tsc, tens of seconds); later ones reuse the cache.
 */
import { loadExampleShop } from '../../checks';
import { installExampleShopRuntime, type ExampleShopRuntime } from '../../ops/example-shop';

/** Generous: packing runs tsc, slow on a busy 2-core box; cached afterwards. */
export const INSTALL_TIMEOUT_MS = 300_000;

export async function exampleShopOnPackagedRuntime(): Promise<{ startShop: Awaited<ReturnType<typeof loadExampleShop>>; installed: ExampleShopRuntime }> {
  const installed = await installExampleShopRuntime();
  return { startShop: await loadExampleShop(), installed };
}

/** For a file whose journeys send customers back to the loopback shop: its runtime package is installed first (once; cached by content). */
export function installExampleShopBeforeAll(): void {
  beforeAll(() => installExampleShopRuntime(), INSTALL_TIMEOUT_MS);
}
