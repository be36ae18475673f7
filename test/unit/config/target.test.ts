import { validateEnvironmentValue } from '../../../config';
import { sampleConfig } from '../../helpers/environments';

const TODAY = new Date('2026-11-24T00:00:00Z');
const BACKEND = { type: 's3', bucket: 'shop-terraform-state', key: 'stripe-config/production.tfstate', region: 'eu-west-1' };

/** The production sample declared on a real AWS account, as a team would write it. */
function onAws(accountId = '123456789012'): any {
  const config: any = sampleConfig();
  config.target = { aws: { accountId } };
  config.infrastructure.backend = { ...BACKEND };
  return config;
}

function problemsOf(config: unknown) {
  return validateEnvironmentValue('production', config, { today: TODAY }).problems;
}

describe('where an environment lives (target)', () => {
  test.each(['development', 'staging', 'production'])('the sample %s environment lives on the embedded stand-ins', (environment) => {
    expect(sampleConfig(environment).target).toBe('embedded');
  });

  test('an AWS account with an S3 backend and a checkout role of the same account is valid', () => {
    expect(problemsOf(onAws())).toEqual([]);
  });

  test('a file without a target is refused naming the field and both forms', () => {
    const config: any = sampleConfig();
    delete config.target;
    expect(problemsOf(config)).toEqual([
      { path: '/target', message: expect.stringMatching(/^is required: .*'embedded' \(the local stand-ins.*\{ aws: \{ accountId: '123456789012' \} \}/) },
    ]);
  });

  const malformed: Array<[string, unknown, string, RegExp]> = [
    ['another word', 'local', '/target', /^must be 'embedded' .* or \{ aws: .* \(got "local"\)$/],
    ['an account id that is not 12 digits', { aws: { accountId: '1234' } }, '/target/aws/accountId', /12-digit AWS account id .*\(got "1234"\)/],
    ['an account id as a number', { aws: { accountId: 123456789012 } }, '/target/aws/accountId', /12-digit/],
    ['a region inside the target', { aws: { accountId: '123456789012', region: 'eu-west-1' } }, '/target/aws/region', /not a known field .*\/infrastructure\/region/],
    ['a second field beside aws', { aws: { accountId: '123456789012' }, stripe: 'real' }, '/target', /^must be 'embedded'/],
    ['an empty object', {}, '/target', /^must be 'embedded'/],
  ];
  test.each(malformed)('%s is refused with one line per field, not one per branch of the union', (_name, target, path, message) => {
    const config = onAws();
    config.target = target;
    const problems = problemsOf(config);
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(problems.filter((problem) => problem.path.startsWith('/target'))).toHaveLength(1);
  });

  test('an AWS target without an S3 backend is refused naming the field', () => {
    const config = onAws();
    delete config.infrastructure.backend;
    expect(problemsOf(config)).toEqual([{ path: '/infrastructure/backend', message: expect.stringMatching(/is required when \/target is an AWS account \(123456789012\)/) }]);
  });

  test("a checkout role in another AWS account is refused naming both accounts", () => {
    const config = onAws('210987654321');
    expect(problemsOf(config)).toEqual([
      { path: '/infrastructure/checkoutRoleArn', message: expect.stringMatching(/is in AWS account 123456789012, but \/target\/aws\/accountId is 210987654321/) },
    ]);
  });

  test('the embedded target needs no backend, and ignores the role account', () => {
    const config: any = sampleConfig();
    config.infrastructure.checkoutRoleArn = 'arn:aws:iam::210987654321:role/checkout';
    expect(problemsOf(config)).toEqual([]);
  });

  test('the target never reaches the runtime document', () => {
    const { validated } = validateEnvironmentValue('production', onAws(), { today: TODAY });
    expect(validated!.rendered.json).not.toMatch(/target|123456789012"/);
  });
});
