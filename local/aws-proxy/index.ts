/** The local AWS endpoint in front of the SQS and DynamoDB emulators. */
export { awsErrorResponse, type AwsErrorResponse } from './aws-errors.js';
export { CALLER_PREFIX, type AwsOperation, type AwsProtocol } from './classify.js';
export { EMULATOR_DYNAMODB_SERVICE, NO_CALLER, RequestCounters, type RequestCount, type RequestCountersSnapshot } from './request-counters.js';
export { AwsProxyError, AwsProxyListenError, AwsProxyOptionsError, AwsProxyRequestError } from '../errors.js';
export { type AwsProxyOptions, type AwsProxyUpstreams } from './options.js';
export { createAwsProxy, type AwsProxy } from './aws-proxy.js';
export { DynamoDbTransactions, TRANSACTION_UNITS_PER_ITEM, type DynamoDbTransactionsState } from './dynamodb-transactions.js';
export { KeyLocks, type ReleaseLocks } from './key-locks.js';
export { TOKEN_TTL_MS, TransactionTokens } from './transaction-tokens.js';
export { DEFAULT_JOURNAL_MAX_BYTES, TransactionJournal, type JournalItem, type TransactionJournalOptions } from './transaction-journal.js';
export { type AttributeMap, type DynamoDbCall, type DynamoDbResult } from './dynamodb-upstream.js';
