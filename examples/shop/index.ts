/** The example shop: a checkout service built on the runtime, and the loopback shop the checks send customers back to. */
export { startShop, type Shop, type ShopOptions } from './server';
export type { DocumentSource, KeySetSource } from './backend';
export { RETURN_PATH } from './routes';
