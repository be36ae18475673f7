/**
 * The tag rules (config/rules.ts) leave room for the tags the stack adds itself: this holds only
 * while STACK_TAG_KEYS names exactly the tag keys the stack adds to its secrets.
 */
import { Testing } from 'cdktf';
import { STACK_TAG_KEYS } from '../../../config/rules';
import { EnvironmentStack } from '../../../stacks';
import { testingApp } from '../../helpers/cdktf-testing';
import { sampleEnvironment } from '../../helpers/environments';

test("every secret carries the config's tags, and the stack adds exactly the tag keys the rules count", () => {
  const environment = sampleEnvironment('production');
  const stack = new EnvironmentStack(testingApp(), 'production', { environment, localStateFile: 'production.tfstate' });
  const secrets = Object.values(JSON.parse(Testing.synth(stack)).resource.aws_secretsmanager_secret as Record<string, { tags: Record<string, string> }>);
  const own = Object.keys(environment.config.infrastructure.tags ?? {});
  expect(secrets.length).toBeGreaterThan(1);
  for (const secret of secrets) expect(Object.keys(secret.tags)).toEqual(expect.arrayContaining(own));
  const added = new Set(secrets.flatMap((secret) => Object.keys(secret.tags).filter((key) => !own.includes(key))));
  expect([...added].sort()).toEqual([...STACK_TAG_KEYS].sort());
});
