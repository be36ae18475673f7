/**
 * The unit lane's rule, enforced: no sockets and no child processes. A test that starts a stand-in
 * or connects to one belongs in test/integration, one that runs Terraform, Chromium or the CLI in
 * test/slow; here it fails at once with an error that says so. Node's core modules are shared by
 * every test file a jest worker runs, whatever its lane, so each patch is undone after the file.
 */
import childProcess from 'node:child_process';
import net from 'node:net';

const restorers: Array<() => void> = [];

function refuse<T extends object>(owner: T, method: keyof T & string, what: string, lane: 'test/integration' | 'test/slow'): void {
  const original = owner[method];
  owner[method] = (() => {
    throw new Error(`${what} (${method}) in the unit lane, which opens no sockets and starts no processes: this test belongs in ${lane}`);
  }) as T[typeof method];
  restorers.push(() => (owner[method] = original));
}

// http, https, fetch (undici) and the SDKs all end up in these two: every server listens, every client connects.
refuse(net.Server.prototype, 'listen', 'a server listening on a socket', 'test/integration');
refuse(net.Socket.prototype, 'connect', 'a socket connecting', 'test/integration');
for (const method of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  refuse(childProcess, method, 'a child process', 'test/slow');
}

afterAll(() => {
  for (const restore of restorers.splice(0)) restore();
});
