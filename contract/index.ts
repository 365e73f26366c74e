/**
 * What the layers share — the message contract, the API's shape, each function's environment, the
 * metric catalogue and AWS's limits — defined once. Every layer may import it; it imports nothing of
 * ours (a rule in docs/house-rules.md checks that).
 */
export * from './api.js';
export * from './environment.js';
export * from './limits.js';
export * from './message.js';
export * from './metrics.js';
export * from './project.js';
export * from './outputs.js';
