/**
 * What binds a deploy to the gate: the gate attests what it judged (these document bytes, these
 * key sets' material, this plan), and deploy refuses anything else. The attestation holds
 * fingerprints, never key material: the ledger is read by every CI runner and laptop.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidatedEnvironment } from '../config';
import type { KeySetMaterial } from '../runtime';
import { keySetFingerprint as materialFingerprint } from './key-set-material';
import type { AttestationInput } from './ledger-attestations';
import type { AttestationRecord } from './ledger-records';
import type { Targets } from './targets';
import type { PlanSummary } from './terraform';
import { PROJECT_ROOT } from './workspace';

/** sha256 of the exact runtime document bytes, as the gate checked them and deploy writes them. */
export function documentSha256(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/**
 * A key set's fingerprint as attestations record it: the material's fingerprint (ops/key-set-material.ts:
 * sha256 over a fixed prefix and the fields; reveals nothing), tagged with its algorithm. Any change of
 * any key (a rotation, a CI secret edited after the gate) changes it.
 */
export function keySetFingerprint(material: KeySetMaterial): string {
  return `sha256:${materialFingerprint(material)}`;
}

/** What identifies the thing a deploy would apply: the document bytes and every key set's material. */
export interface DeployIdentity {
  documentSha256: string;
  /** Key set name → fingerprint, for every key set the stack writes. */
  keySetFingerprints: Record<string, string>;
}

/** Who judged it, from where: filled in by the caller (git and the clock are not this module's business). */
export interface AttestationContext extends DeployIdentity {
  actor: string;
  gitCommit?: string;
  runtimeVersion: string;
}

/** What the gate concluded for one environment (the part of ops/gate.ts's GateReport an attestation records). */
export interface JudgedEnvironment {
  passed: boolean;
  verdict: string;
  plan: PlanSummary;
  accepted?: { reason: string; journeys: string[] };
  rows: ReadonlyArray<{ journey: string; explanation: string }>;
}

/** The ledger record for one environment the gate judged. */
export function attestationOf(report: JudgedEnvironment, context: AttestationContext): AttestationInput {
  return {
    documentSha256: context.documentSha256,
    keySetFingerprints: context.keySetFingerprints,
    planSummary: planSummaryOf(report.plan),
    verdict: report.passed ? 'pass' : 'fail',
    gateVerdict: report.verdict,
    acceptedChanges: (report.accepted?.journeys ?? []).map((journey) => ({
      change: `${journey}: ${report.rows.find((row) => row.journey === journey)?.explanation ?? 'behaviour changed'}`,
      reason: report.accepted!.reason,
      acceptedBy: context.actor,
    })),
    ...(context.gitCommit ? { gitCommit: context.gitCommit } : {}),
    actor: context.actor,
    runtimeVersion: context.runtimeVersion,
  };
}

function planSummaryOf(plan: PlanSummary): AttestationInput['planSummary'] {
  const { add, change, destroy, replace } = plan;
  return { add, change, destroy, replace, changes: plan.changes.map(({ address, action }) => ({ address, action })) };
}

/** Why a deploy may not go ahead, for the message; undefined when the attestation lets it through. */
export type AttestationRefusal =
  | { kind: 'never-gated' }
  | { kind: 'other-key-material'; keySets: string[]; attestation: AttestationRecord }
  | { kind: 'blocked'; attestation: AttestationRecord };

/**
 * Judges the newest attestation for these bytes and exactly these fingerprints (`matching`), with
 * the newest for these bytes whatever the keys (`forBytes`) to say what differs.
 */
export function judgeAttestation(
  identity: DeployIdentity,
  matching: AttestationRecord | undefined,
  forBytes: AttestationRecord | undefined,
): AttestationRefusal | undefined {
  if (matching) return matching.verdict === 'pass' ? undefined : { kind: 'blocked', attestation: matching };
  if (!forBytes) return { kind: 'never-gated' };
  const names = new Set([...Object.keys(identity.keySetFingerprints), ...Object.keys(forBytes.keySetFingerprints)]);
  const keySets = [...names].filter((name) => identity.keySetFingerprints[name] !== forBytes.keySetFingerprints[name]).sort();
  return { kind: 'other-key-material', keySets, attestation: forBytes };
}

/** One paragraph for the operator: what is wrong, in the gate's terms. */
export function describeRefusal(environment: string, identity: DeployIdentity, refusal: AttestationRefusal): string {
  const short = identity.documentSha256.slice(0, 12);
  switch (refusal.kind) {
    case 'never-gated':
      return `${environment}: no gate run judged this document (sha256 ${short}…): the gate never ran on it, or the config changed after the gate`;
    case 'other-key-material':
      return (
        `${environment}: the gate judged this document (sha256 ${short}…) at ${refusal.attestation.createdAt}, but with other key material: ` +
        `key set ${refusal.keySets.join(', ')} differs from what the gate used`
      );
    case 'blocked':
      return (
        `${environment}: the gate did not pass this document (sha256 ${short}…): its verdict at ${refusal.attestation.createdAt} ` +
        `was ${refusal.attestation.gateVerdict ?? refusal.attestation.verdict} (by ${refusal.attestation.actor})`
      );
  }
}

/** Differences between the plan the gate saw and the plan about to be applied, one line each; empty when they match. */
export function planDifferences(attested: AttestationRecord['planSummary'], planned: PlanSummary): string[] {
  const key = (change: { address: string; action: string }) => `${change.action} ${change.address}`;
  if (!attested.changes) {
    // An attestation written before plans named their resources: compare the counts.
    const counts = (['add', 'change', 'destroy', 'replace'] as const).filter((field) => attested[field] !== planned[field]);
    return counts.map((field) => `${field}: the gate saw ${attested[field]}, the plan now has ${planned[field]}`);
  }
  const seen = new Set(attested.changes.map(key));
  const now = new Set(planned.changes.map(key));
  return [
    ...[...now].filter((change) => !seen.has(change)).map((change) => `not in the gate's plan: ${change}`),
    ...[...seen].filter((change) => !now.has(change)).map((change) => `in the gate's plan but not now: ${change}`),
  ];
}

/** The commit of the checkout holding `directory`, or undefined outside git (a tarball, a CI artefact). */
export function gitCommitOf(directory: string): string | undefined {
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: directory, encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] });
  const commit = result.status === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{7,64}$/.test(commit) ? commit : undefined;
}

/** The stripe-config version: the runtime package ships at the tool's version (docs/ARCHITECTURE.md). */
export function runtimeVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The identity of what deploying `environment` writes: its rendered bytes and the fingerprint of every key set in its stack. */
export async function deployIdentity(environment: ValidatedEnvironment, targets: Pick<Targets, 'keyMaterial'>): Promise<DeployIdentity> {
  const keySets = environment.config.infrastructure.keySets;
  const fingerprints = await Promise.all(keySets.map(async (keySet) => [keySet, keySetFingerprint(await targets.keyMaterial(environment, keySet))] as const));
  return { documentSha256: documentSha256(environment.rendered.json), keySetFingerprints: Object.fromEntries(fingerprints) };
}
