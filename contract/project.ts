/** The project's own files that more than one layer reads. */

/** The one declaration of a project's queues and settings, at its root (the CDK app loads it; the local runtime re-synthesizes when it changes). */
export const CONVEYOR_CONFIG_FILE = 'conveyor.config.ts';
