/** How a failure to reach the real shop is named in the landing (real targets: DNS, TLS, the connection). */
import { networkProblem } from '../../../checks/shop-route';

const shop = new URL('https://shop.exmaple.com/checkout/return');

test.each([
  ['a name that does not resolve', 'route.fetch: getaddrinfo ENOTFOUND shop.exmaple.com', 'DNS: ENOTFOUND shop.exmaple.com'],
  ['a resolver that gave up', 'route.fetch: getaddrinfo EAI_AGAIN shop.exmaple.com', 'DNS: EAI_AGAIN shop.exmaple.com'],
  ['an expired certificate', 'route.fetch: certificate has expired', 'TLS: certificate has expired'],
  ['a self-signed certificate', 'route.fetch: self-signed certificate in certificate chain', 'TLS: self-signed certificate in certificate chain'],
  ['a refused connection', 'route.fetch: connect ECONNREFUSED 203.0.113.7:443', 'network: ECONNREFUSED'],
  ['no answer in time', 'route.fetch: Timeout 15000ms exceeded.', 'timed out: https://shop.exmaple.com'],
])('%s: %s → %s', (_case, message, problem) => {
  expect(networkProblem(new Error(message), shop)).toBe(problem);
});
