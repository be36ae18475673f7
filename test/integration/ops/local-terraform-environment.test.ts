/**
 * How a local stack's Terraform reaches the Secrets Manager stand-in: the provider's environment
 * (not an `endpoints` block, which costs it seconds of CPU per run), built so that nothing in the
 * caller's shell can send a request elsewhere. The applies of test/slow (stacks/terraform-stack,
 * ops/deploy-rollback…) prove the provider follows it; this file proves what it is made of.
 */
import { terraformEnvironment } from '../../../ops';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

describe("a local stack's Terraform environment", () => {
  let world: TestWorld;
  beforeAll(async () => (world = await openTestWorld()));
  afterAll(() => world?.close());

  test('names the stand-in on loopback, for Secrets Manager and for every other service, with dummy credentials', async () => {
    const context = await world.targets.terraformContext(sampleEnvironment('staging'), world.workspace.root);
    const standIn = context.variables.secretsmanager_endpoint!;
    expect(standIn).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(context.env).toMatchObject({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn,
      AWS_ENDPOINT_URL: standIn,
      AWS_ACCESS_KEY_ID: 'AKIDSTRIPECONFIGLOCAL',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
    });
  });

  test("overrides whatever in the caller's shell could point the provider elsewhere or make it ignore the stand-in", async () => {
    const context = await world.targets.terraformContext(sampleEnvironment('staging'), world.workspace.root);
    // The provider's documented switches: ignore configured endpoints (environment, or a shared config file's setting),
    // a profile's endpoint_url, real credentials from a credentials file.
    const shell = {
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'https://secretsmanager.eu-west-1.amazonaws.com',
      AWS_ENDPOINT_URL: 'https://example.com',
      AWS_CONFIG_FILE: '/home/alice/.aws/config',
      AWS_SHARED_CREDENTIALS_FILE: '/home/alice/.aws/credentials',
      AWS_PROFILE: 'production-admin',
    };
    const child = terraformEnvironment(context, shell);
    expect(child).toMatchObject({
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: context.variables.secretsmanager_endpoint,
      AWS_ENDPOINT_URL: context.variables.secretsmanager_endpoint,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PROFILE: '',
    });
  });
});
