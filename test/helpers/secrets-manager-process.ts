/**
 * The stand-in as a process of its own, for the kill -9 test: starts on the state file given as the
 * first argument, prints its URL as one JSON line, and serves until killed.
 * Run as `node --import tsx test/helpers/secrets-manager-process.ts <stateFile>` (one process, so SIGKILL hits the server).
 */
import { startSecretsManagerEmulator } from '../../emulators/secrets-manager';

const stateFile = process.argv[2];
if (!stateFile) {
  process.stderr.write('usage: secrets-manager-process.ts <stateFile>\n');
  process.exit(2);
}
startSecretsManagerEmulator({ stateFile }).then(
  (emulator) => process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
