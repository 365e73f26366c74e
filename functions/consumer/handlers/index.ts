export type { HandlerContext, HandlerRegistry, InsertHandler, LockedHandler, LockedHandlerDefinition, MessageHandler, RetryOverride, TransactionalHandler } from './types.js';
