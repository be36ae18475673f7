// Runs dependency-cruiser for test/unit/architecture.test.ts in a worker thread: dependency-cruiser
// is an ES module only, which jest's CommonJS module system cannot load.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { cruise } from 'dependency-cruiser';

const { baseDir, folders, ruleSetFile } = workerData;
const { options, ...ruleSet } = createRequire(import.meta.url)(ruleSetFile);
const { output } = await cruise(folders, { ...options, baseDir, ruleSet, validate: true });
parentPort.postMessage(output.summary.violations.map(({ rule, from, to, cycle }) => ({ rule: rule.name, from, to, cycle: cycle?.map((step) => step.name) })));
