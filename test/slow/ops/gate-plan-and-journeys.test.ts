/**
 * The gate plans while the journeys run (ops/gate.ts). When Terraform fails meanwhile, the gate
 * stops with Terraform's error, once the journeys have finished, and tells no journey's progress:
 * the plan comes first in what it reports, as it did when the two ran one after the other.
 * Terraform is made to fail at once (not found on PATH), so no Terraform runs here; Chromium does.
 */
import { gateEnvironments, type GateProgressEvent, type Targets } from '../../../ops';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

let world: TestWorld;
beforeAll(async () => (world = await openTestWorld()));
afterAll(async () => world?.close());

test('Terraform failing while the journeys run stops the gate with its error, and no journey progress is told', async () => {
  const withoutTerraform: Targets = {
    ...world.targets,
    terraformContext: async (environment, directory) => {
      const context = await world.targets.terraformContext(environment, directory);
      return { ...context, env: { ...context.env, PATH: '/nonexistent' } };
    },
  };
  const events: GateProgressEvent['type'][] = [];
  await expect(gateEnvironments([sampleEnvironment('staging')], withoutTerraform, world.workspace, { onProgress: (event) => events.push(event.type) })).rejects.toMatchObject({
    code: 'terraform_failed',
    message: expect.stringMatching(/^Could not run terraform/),
  });
  expect(events).toEqual(['gate-started', 'environment-started', 'plan-started']);
}, 300_000);
