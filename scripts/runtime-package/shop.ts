/** Packing and the offline install live in ops/, where the gate installs a checkout service's declared runtime too. */
export { installPackedRuntime, packRuntimePackage, type PackedRuntime } from '../../ops/runtime-install';
