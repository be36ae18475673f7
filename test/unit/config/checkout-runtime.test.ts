import { validateEnvironmentValue } from '../../../config';
import { sampleConfig } from '../../helpers/environments';

const TODAY = new Date('2026-11-24T00:00:00Z');

function withRuntime(runtime: unknown) {
  const config: any = sampleConfig('staging');
  config.checkout = { runtime };
  return validateEnvironmentValue('staging', config, { today: TODAY });
}

describe('checkout.runtime: the stripe-config runtime the checkout service runs', () => {
  test.each([['1.2.0'], ['^1.2.0'], ['~0.1.0'], ['>=1.0.0'], ['0.1.0-main.9198eff'], [{ lockfile: '../shop/package-lock.json' }], [{ tarball: 'vendor/stripe-config-1.0.0.tgz' }]])(
    '%j is a declaration the gate can install',
    (runtime) => {
      expect(withRuntime(runtime).problems).toEqual([]);
    },
  );

  test.each([['latest'], ['1.2'], [''], [{ lockfile: '' }], [{ tarball: 'stripe-config.zip' }], [{ tarbal: 'x.tgz' }], [{ lockfile: 'a', tarball: 'b.tgz' }], [12]])(
    '%j is refused with one line naming the field and the three forms',
    (runtime) => {
      expect(withRuntime(runtime).problems).toEqual([
        {
          path: '/checkout/runtime',
          message: `must be "<version or range of stripe-config>" (e.g. "^1.2.0"), { lockfile: "<path to the checkout service's package-lock.json>" } or { tarball: "<path to a stripe-config .tgz>" } (got ${JSON.stringify(runtime)})`,
        },
      ]);
    },
  );

  test('checkout without runtime names the missing field', () => {
    const config: any = sampleConfig('staging');
    config.checkout = {};
    expect(validateEnvironmentValue('staging', config, { today: TODAY }).problems).toEqual([{ path: '/checkout/runtime', message: 'is required' }]);
  });

  test('the declaration stays out of the runtime document: it describes the checkout service, not its settings', () => {
    const { validated } = withRuntime('^0.1.0');
    expect(validated!.rendered.json).not.toMatch(/runtime|checkout"/);
  });
});
