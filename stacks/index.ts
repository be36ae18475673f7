export { EnvironmentStack, LOCAL_ENDPOINT_VARIABLE, type EnvironmentStackProps, type StackTarget } from './environment-stack';
export { keySetVariableName } from './constructs/key-set';
export { CHECKOUT_READ_ACTIONS } from './constructs/read-access';
export { synthesizeStacks, type SynthesizedStack, type SynthOptions } from './synth';
