/** The unit lane refuses sockets and child processes (test/setup/unit-lane.ts), so a misfiled test fails at once. */
import childProcess from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

test('a server cannot listen, and the error names the lane it belongs in', () => {
  const server = http.createServer();
  expect(() => server.listen(0, '127.0.0.1')).toThrow(
    'a server listening on a socket (listen) in the unit lane, which opens no sockets and starts no processes: this test belongs in test/integration',
  );
});

test('a client cannot connect, through net or fetch', async () => {
  expect(() => net.connect(9, '127.0.0.1')).toThrow(/^a socket connecting \(connect\) in the unit lane.*test\/integration$/);
  const failure = await fetch('http://127.0.0.1:65000/').catch((error: Error) => error);
  expect((failure as Error & { cause?: Error }).cause?.message).toMatch(/^a socket connecting \(connect\) in the unit lane/);
});

test.each(['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const)('child_process.%s is refused', (method) => {
  expect(() => (childProcess[method] as (command: string) => unknown)('true')).toThrow(
    `a child process (${method}) in the unit lane, which opens no sockets and starts no processes: this test belongs in test/slow`,
  );
});
