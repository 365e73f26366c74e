/** Public surface of the Conveyor constructs. */
export * from './api-models.js';
export * from './conveyor-queue.js';
export * from './conveyor-queue-props.js';
export * from './errors.js';
export * from './metrics.js';
export type { ConveyorAlarms } from './observability.js';
