/**
 * Replication (facts §2.1: the provider calls these only for a `replica` block). Replicas here are
 * always in sync: `secretsIn` shows them as read-only views of the primary in another region.
 */
import { SecretsManagerError } from './errors';
import { findSecret, isReplica, primaryOf, Secret, SecretsState } from './secrets';

export interface ReplicaRequest {
  region: string;
  kmsKeyId?: string;
}

/**
 * Replicates `primary` to more regions (CreateSecret AddReplicaRegions, ReplicateSecretToRegions).
 * A region where the name is already taken gets a `Failed` status, unless `force` replaces the
 * secret there (ForceOverwriteReplicaSecret); the call itself still succeeds (API reference).
 */
export function addReplicas(state: SecretsState, primary: Secret, requests: ReplicaRequest[], force: boolean, accountId?: string): void {
  // Refused before anything changes, so a refused call overwrites no region's secret.
  const own = requests.find((request) => request.region === primary.region);
  if (own) throw new SecretsManagerError('InvalidParameterException', `You can't replicate secret ${primary.name} to its own region ${own.region}.`);
  for (const request of requests) {
    const occupant = findSecret(state, request.region, primary.name, accountId);
    // Taken by anything but this secret's own replica; only a standalone secret can be overwritten.
    const taken = occupant !== undefined && occupant.primaryRegion !== primary.region;
    const overwrite = taken && force && !isReplica(occupant);
    if (overwrite) state.secrets = state.secrets.filter((secret) => secret !== occupant);
    const failed = taken && !overwrite;
    primary.replicas = [
      ...(primary.replicas ?? []).filter((replica) => replica.region !== request.region),
      {
        region: request.region,
        ...(request.kmsKeyId && { kmsKeyId: request.kmsKeyId }),
        status: failed ? 'Failed' : 'InSync',
        // Wording unverified; the status values are the API's (StatusType).
        statusMessage: failed ? `Replication failed: a secret named ${primary.name} already exists in ${request.region}.` : 'Replication succeeded',
      },
    ];
  }
}

/**
 * StopReplicationToReplica: the replica in `view.region` becomes a standalone secret with the same
 * ARN, values and labels, and the primary stops replicating there.
 */
export function promoteReplica(state: SecretsState, view: Secret, now: number): Secret {
  const primary = primaryOf(state, view);
  if (!primary) throw new SecretsManagerError('InvalidRequestException', `${view.name} in ${view.region} is not a replica secret.`);
  primary.replicas = primary.replicas?.filter((replica) => replica.region !== view.region);
  if (primary.replicas?.length === 0) delete primary.replicas;
  const { primaryRegion: _primaryRegion, ...copy } = structuredClone(view);
  const standalone: Secret = { ...copy, lastChangedDate: now };
  state.secrets.push(standalone);
  return standalone;
}

/**

/** The replica regions a request names; each entry needs a Region although the API model does not say so. */
export function replicaRequests(regions: { region?: string; kmsKeyId?: string }[]): ReplicaRequest[] {
  return regions.map((r) => {
    if (!r.region) throw new SecretsManagerError('InvalidParameterException', 'Each replica region needs a Region.');
    return { region: r.region, ...(r.kmsKeyId && { kmsKeyId: r.kmsKeyId }) };
  });
}

/** RemoveRegionsFromReplication: removing a replica deletes it in that region (API reference). */
export function removeReplicas(primary: Secret, regions: string[]): void {
  primary.replicas = (primary.replicas ?? []).filter((replica) => !regions.includes(replica.region));
  if (primary.replicas.length === 0) delete primary.replicas;
}
