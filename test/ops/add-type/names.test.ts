import { describe, expect, it } from 'vitest';
import { defaultTableName, kebabCase, objectKey, typeNames } from '../../../ops/add-type/names.js';

describe('typeNames', () => {
  it.each([
    ['orders.refund', { file: 'orders-refund', payloadInterface: 'OrdersRefundPayload', handlerFunction: 'ordersRefundHandler' }],
    ['Billing.InvoiceSent', { file: 'billing-invoice-sent', payloadInterface: 'BillingInvoiceSentPayload', handlerFunction: 'billingInvoiceSentHandler' }],
    ['acme:orders_v2.place-now', { file: 'acme-orders-v2-place-now', payloadInterface: 'AcmeOrdersV2PlaceNowPayload', handlerFunction: 'acmeOrdersV2PlaceNowHandler' }],
    ['ledger', { file: 'ledger', payloadInterface: 'LedgerPayload', handlerFunction: 'ledgerHandler' }],
  ])('names %s', (type, names) => {
    expect(typeNames(type)).toEqual({ type, ...names });
  });

  it('keeps the identifiers apart from the handler API\'s imports and from reserved words', () => {
    expect(typeNames('table.of')).toMatchObject({ payloadInterface: 'TableOfPayload', handlerFunction: 'tableOfHandler' });
    expect(typeNames('delete')).toMatchObject({ handlerFunction: 'deleteHandler' });
  });
});

describe('kebabCase', () => {
  it('splits at separators and at lowercase-to-uppercase steps', () => {
    expect(kebabCase('orderPlaced.v2')).toBe('order-placed-v2');
    expect(kebabCase('a..b__c')).toBe('a-b-c');
  });
});

describe('defaultTableName', () => {
  it('is the first segment, before the first dot, in kebab-case', () => {
    expect(defaultTableName('orders.refund')).toBe('orders');
    expect(defaultTableName('Billing_Invoices.sent')).toBe('billing-invoices');
    expect(defaultTableName('ledger')).toBe('ledger');
  });

  it('is undefined when that is no table name', () => {
    expect(defaultTableName(`${'a'.repeat(41)}.x`)).toBeUndefined();
    expect(defaultTableName('V2.x')).toBe('v2');
  });
});

describe('objectKey', () => {
  it('quotes a name that is not an identifier', () => {
    expect(objectKey('orders')).toBe('orders');
    expect(objectKey('orders.place')).toBe("'orders.place'");
    expect(objectKey('audit-log')).toBe("'audit-log'");
  });
});
