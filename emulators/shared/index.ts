export { FaultInjector, FaultTimers, type FaultPlan, type FaultRule } from './faults';
export { isAlive } from './processes';
