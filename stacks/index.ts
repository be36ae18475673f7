export { EnvironmentStack, LOCAL_ENDPOINT_VARIABLE, type EnvironmentStackProps, type StackTarget } from './environment-stack';
export { AccessStack, LedgerStack, type AccessStackProps, type LedgerStackProps } from './access-stack';
export {
  ACCESS_ROLES,
  LEDGER_GRANTS,
  LEDGER_TABLE_NAME,
  SECRET_GRANTS,
  accessModelFor,
  usesCustomerManagedKey,
  type AccessModel,
  type AccessRole,
  type AccessRoleName,
  type AccessSecret,
  type SecretKind,
} from './access-model';
export { CHECKOUT_READ_ACTIONS, type PolicyDocument, type PolicyStatement } from './access-policies';
export { administratorStackNames, synthesizeStacks, type SynthesizedStack, type SynthOptions } from './synth';
