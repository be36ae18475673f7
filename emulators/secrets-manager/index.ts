/**
 * Local stand-in for AWS Secrets Manager: a real HTTP server speaking AWS JSON 1.1, so that the
 * Terraform AWS provider and `@aws-sdk/client-secrets-manager` work against it unmodified.
 * This file is the folder's only public surface.
 */
import type { AddressInfo, Socket } from 'node:net';
import { createSecretsManagerServer } from './server';
import { SecretStore } from './store';

export interface SecretsManagerEmulatorOptions {
  /** Interface to bind. Default '127.0.0.1': the stand-in holds secrets, so loopback only. */
  host?: string;
  /** Port to listen on. Default 0: a random free port. */
  port?: number;
  /**
   * State file. If set, state is loaded from it at start (when it exists) and every acknowledged
   * write is persisted atomically (temp file + fsync + rename), so state survives restarts.
   * Default: memory only.
   */
  stateFile?: string;
  /** Account id used in ARNs. Default '123456789012' (as moto). */
  accountId?: string;
  /** Clock in ms since the epoch. Default Date.now; tests pass a fake clock. */
  now?: () => number;
}

export interface SecretsManagerEmulator {
  /** Base URL for clients, e.g. 'http://127.0.0.1:45123'. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes keep-alive sockets promptly; waits for pending state writes. */
  close(): Promise<void>;
  /** Drops all secrets (test control, kept apart from the emulated API). */
  reset(): void;
}

/** In-flight requests get this long to finish on close before their sockets are cut. */
const CLOSE_GRACE_MS = 1000;

export async function startSecretsManagerEmulator(
  options: SecretsManagerEmulatorOptions = {},
): Promise<SecretsManagerEmulator> {
  const host = options.host ?? '127.0.0.1';
  const store = await SecretStore.open(options.stateFile);
  const server = createSecretsManagerServer({
    store,
    accountId: options.accountId ?? '123456789012',
    now: options.now ?? Date.now,
  });
  // Terraform and the SDK keep connections open; tracked so close() does not wait for them.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const cut = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, CLOSE_GRACE_MS);
        try {
          await closed;
        } finally {
          clearTimeout(cut);
        }
        await store.flush();
      })();
      return closing;
    },
    reset() {
      // Persisted in the background; a failure shows up on the next acknowledged write.
      store.reset().catch(() => undefined);
    },
  };
}
