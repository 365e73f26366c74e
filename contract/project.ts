/** The project's own files that more than one layer reads. */

/** A table's partition key (an attribute name): a letter or `_`, then up to 254 letters, digits or `_`. */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/**
 * Conveyor's example type, which a stack deploys on its first queue when its config declares no
 * types (module relative to Conveyor's own root), with the table it writes.
 */
export const EXAMPLE_TYPE = { type: 'ledger.credit', module: './handlers/ledger-credit.ts', table: 'ledger', partitionKey: 'account' } as const;

/** The one declaration of a project's queues and settings, at its root (the CDK app loads it; the local runtime re-synthesizes when it changes). */
export const CONVEYOR_CONFIG_FILE = 'conveyor.config.ts';
