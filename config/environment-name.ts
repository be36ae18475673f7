/**
 * What an environment may be called: the runtime document's rule for its `environment` field
 * (runtime/contract/document.ts), which is also the file name `<name>.ts` in the config folder, so
 * a name can never leave that folder (`../x`, `/etc/x`) nor differ only in case between machines.
 */
import { RuntimeDocumentSchema } from '../runtime/contract';

export const ENVIRONMENT_NAME_PATTERN: string = RuntimeDocumentSchema.properties.environment.pattern!;

const ENVIRONMENT_NAME = new RegExp(ENVIRONMENT_NAME_PATTERN);

/** Why `name` cannot be an environment's name, or undefined when it can. */
export function environmentNameProblem(name: string): string | undefined {
  return ENVIRONMENT_NAME.test(name)
    ? undefined
    : `"${name}" is not an environment name: it must match ${ENVIRONMENT_NAME_PATTERN} (a lowercase letter, then at most 31 lowercase letters, digits or hyphens), the file <name>.ts in the config folder`;
}
