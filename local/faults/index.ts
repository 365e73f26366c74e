/** Fault injection for the local runtime: rules, their store, and the HTTP endpoint. */
export { NO_FAULTS } from './decisions.js';
export type { AwsCall, AwsCallFaults, FaultPolicy, InjectedAwsError, InvocationFaults } from './decisions.js';
export { FaultError, InvalidFaultRuleError } from '../errors.js';
export { DEFAULT_CRASH_AFTER_MS, FaultStore, type FaultStoreOptions } from './fault-store.js';
export { FAULTS_PATH, handleFaultsRequest, type FaultsErrorBody, type FaultsListBody, type FaultsResponse } from './faults-endpoint.js';
export {
  AWS_FAULT_SERVICES,
  type AwsFaultRule,
  type AwsFaultRuleError,
  type AwsFaultService,
  type CrashSpec,
  type FaultRule,
  type FaultRuleStats,
  type FunctionFaultRule,
  type RegionalAwsCall,
} from './rules.js';
export { FAULT_RULE_SCHEMA, MAX_AWS_LATENCY_MS, MAX_FUNCTION_DELAY_MS, parseFaultRules } from './schema.js';
