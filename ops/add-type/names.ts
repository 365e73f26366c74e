/**
 * The names `conveyor add type` derives from a message type's name: its files, the identifiers in
 * its module, and the table it writes by default.
 */
import { QUEUE_NAME_PATTERN } from '../../contract/index.js';

/** What a type's scaffold is called, derived from the type's name (`orders.refund`). */
export interface TypeNames {
  /** The type's name as declared, `orders.refund`. */
  readonly type: string;
  /** The files' base name, kebab-case: `orders-refund` (`handlers/orders-refund.ts`). */
  readonly file: string;
  /** The payload interface: `OrdersRefundPayload`. */
  readonly payloadInterface: string;
  /** The function that builds the handler: `ordersRefundHandler`. */
  readonly handlerFunction: string;
}

/** The words of a type name: split at `.`, `:`, `_`, `-` and at a lowercase-to-uppercase step (`invoiceSent`). */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[.:_\s-]+/)
    .filter((word) => word !== '');
}

const capitalized = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** kebab-case of `name`'s words: `Billing.InvoiceSent` → `billing-invoice-sent`. */
export function kebabCase(name: string): string {
  return words(name).map((word) => word.toLowerCase()).join('-');
}

/**
 * The names of type `type`, which must already match `MESSAGE_TYPE_PATTERN` (a letter first, so
 * every identifier below starts with one).
 */
export function typeNames(type: string): TypeNames {
  const parts = words(type);
  const pascal = parts.map(capitalized).join('');
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return {
    type,
    file: kebabCase(type),
    // The suffixes keep every name apart from the handler API's imports (a type `table.of` would
    // otherwise give `tableOf`) and from reserved words (a type `delete`).
    payloadInterface: `${pascal}Payload`,
    handlerFunction: `${camel}Handler`,
  };
}

/**
 * The table a type writes when `--table` does not name one: its name's first segment, before the
 * first dot, in kebab-case (`orders.refund` → `orders`); undefined when that is no valid table name.
 */
export function defaultTableName(type: string): string | undefined {
  const name = kebabCase(type.split('.')[0] ?? '');
  return QUEUE_NAME_PATTERN.test(name) ? name : undefined;
}

/** `name` as an object key in code: bare when it is an identifier, else single-quoted (type, table and queue names hold no quote or backslash). */
export const objectKey = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
