import { targetRequestFor } from '../../../ops';

const AWS = { environment: 'production', target: { aws: { accountId: '123456789012' } }, region: 'eu-west-1' };
const EMBEDDED = { environment: 'staging', target: 'embedded' as const, region: 'eu-west-1' };

describe('what a command opens is what the environment declares', () => {
  test('an embedded environment opens the stand-ins', () => {
    expect(targetRequestFor(EMBEDDED)).toEqual({ local: true });
  });

  test('an environment in AWS opens its account in its region, never the stand-ins', () => {
    expect(targetRequestFor(AWS)).toEqual({ aws: { environment: 'production', accountId: '123456789012', region: 'eu-west-1' } });
  });

  test('--local opens the stand-ins for either', () => {
    expect(targetRequestFor(AWS, true)).toEqual({ local: true });
    expect(targetRequestFor(EMBEDDED, true)).toEqual({ local: true });
  });
});
