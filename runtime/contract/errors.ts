/**
 * The one error family of stripe-config. Every failure a user can meet carries a stable `code`
 * (the CLI maps codes to exit codes), a message that names the field, version or request, and a
 * hint saying what to do next.
 *
 * The runtime declares only the codes it raises itself, the ones the checkout backend can meet.
 * The tool declares its own codes where they are raised, as subclasses of this class:
 * `config/errors.ts`, `checks/errors.ts`, `ops/errors.ts` (docs/ARCHITECTURE.md, "Errors").
 */
export type RuntimeErrorCode = 'document_invalid' | 'key_material_missing' | 'usage';

export class StripeConfigError<Code extends string = RuntimeErrorCode> extends Error {
  override readonly name = 'StripeConfigError';
  constructor(
    // NoInfer: the code must be one of the class's codes, not whatever string is passed.
    readonly code: NoInfer<Code>,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
