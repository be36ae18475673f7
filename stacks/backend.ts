import path from 'node:path';
import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { InfrastructureSettings } from '../config';

type S3BackendSettings = NonNullable<InfrastructureSettings['backend']>;

/** Where a stack keeps its Terraform state: the environment's S3 backend under `key`, else a local file. */
export function useBackend(stack: TerraformStack, backend: S3BackendSettings | undefined, key: string, localStateFile: string): void {
  if (!backend) {
    new LocalBackend(stack, { path: localStateFile });
    return;
  }
  const s3 = new S3Backend(stack, { bucket: backend.bucket, key, region: backend.region, encrypt: true });
  // S3-native locking (Terraform >= 1.10); cdktf 0.21's typed config predates the attribute.
  s3.addOverride('use_lockfile', backend.useLockfile ?? true);
}

/** The state key of a stack beside the environment's: `stripe-config/production.tfstate` → `stripe-config/production.access.tfstate`. */
export function siblingStateKey(key: string, stack: string): string {
  const parsed = path.posix.parse(key);
  return path.posix.join(parsed.dir, `${parsed.ext === '.tfstate' ? parsed.name : parsed.base}.${stack}.tfstate`);
}
