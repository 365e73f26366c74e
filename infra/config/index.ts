/** `conveyor.config.ts`: its types, `defineConfig`, and how the CDK app loads and validates it. */
export * from './define-config.js';
export * from './load-config.js';
export * from './parse-config.js';
export * from './settings.js';
export * from './type-models.js';
