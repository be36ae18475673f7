/**
 * Local stand-in for AWS Secrets Manager: a real HTTP server speaking AWS JSON 1.1, so that the
 * Terraform AWS provider and `@aws-sdk/client-secrets-manager` work against it unmodified.
 * This file is the folder's only public surface.
 */
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, FaultTimers, type FaultRule } from '../shared';
import { randomArnSuffix } from './secrets';
import { createSecretsManagerServer } from './server';
import { SecretStore } from './store';

export type { FaultRule } from '../shared';

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
  /**
   * Access key id → account id: a caller signing with one of these keys acts in that account (its
   * own ARNs, its own secrets), read from the SigV4 credential scope (facts §1.1). Others get `accountId`.
   */
  accountIds?: Record<string, string>;
  /** Clock in ms since the epoch. Default Date.now; tests pass a fake clock. */
  now?: () => number;
  /**
   * The 6-character suffix of a new secret's ARN, given its name. Default: random mixed-case
   * alphanumerics, as AWS (facts §2.2). Tests may pass a deterministic one; it must still differ
   * for a re-created name if old ARNs are meant to stop matching (facts §6.10).
   */
  arnSuffix?: (name: string) => string;
  /** Fault rules active from the start (same as calling `faults.add` for each). */
  faults?: FaultRule[];
}

export interface SecretsManagerEmulator {
  /** Base URL for clients, e.g. 'http://127.0.0.1:45123'. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes keep-alive sockets promptly; waits for pending state writes. */
  close(): Promise<void>;
  /** Drops all secrets (test control, kept apart from the emulated API). */
  reset(): void;
  /**
   * Faults applied before a request is handled, so it never takes effect: latency, an AWS-shaped
   * error for `status` (400/429 → ThrottlingException "Rate exceeded", 500 → InternalServiceError,
   * 503 → ServiceUnavailable) or a dropped connection. Rules match the X-Amz-Target operation name,
   * e.g. `UpdateSecretVersionStage`. Test control, kept apart from the emulated API.
   */
  readonly faults: FaultInjector;
  /**
   * Faults applied after a request took effect (and was persisted): the client gets the error or a
   * dropped connection instead of the real answer, as when a response is lost on the way back.
   */
  readonly faultsAfterHandling: FaultInjector;
}

const ARN_SUFFIX = /^[A-Za-z0-9]{6}$/;

/** A caller-supplied suffix must look like AWS's, or partial-ARN lookups would break (facts §2.2). */
function checkedSuffix(make: (name: string) => string): (name: string) => string {
  return (name) => {
    const suffix = make(name);
    if (!ARN_SUFFIX.test(suffix)) throw new RangeError(`arnSuffix must return 6 letters or digits, got '${suffix}' for ${name}`);
    return suffix;
  };
}

/** In-flight requests get this long to finish on close before their sockets are cut. */
const CLOSE_GRACE_MS = 1000;

export async function startSecretsManagerEmulator(
  options: SecretsManagerEmulatorOptions = {},
): Promise<SecretsManagerEmulator> {
  const host = options.host ?? '127.0.0.1';
  const store = await SecretStore.open(options.stateFile);
  const faults = new FaultInjector();
  const faultsAfterHandling = new FaultInjector();
  const faultTimers = new FaultTimers();
  for (const rule of options.faults ?? []) faults.add(rule);
  const server = createSecretsManagerServer({
    store,
    accountId: options.accountId ?? '123456789012',
    accountIds: { ...options.accountIds },
    now: options.now ?? Date.now,
    arnSuffix: options.arnSuffix ? checkedSuffix(options.arnSuffix) : randomArnSuffix,
    faults,
    faultsAfterHandling,
    faultTimers,
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
    faults,
    faultsAfterHandling,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        faultTimers.cancelAll();
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
