/** Entry: today's hand-written validator (`functions/shared/message-types/ledger-credit.ts`), the reference. */
import type { JsonObject } from '../../../functions/shared/envelope.js';
import { payload as parseHandWritten } from '../../../handlers/ledger-credit.js';
import { type ParseLedgerCredit, SAMPLE } from '../rules.js';

/** The hand-written parser; it throws `ConveyorError` `INVALID_PAYLOAD`. */
export const parseLedgerCredit: ParseLedgerCredit = (payload) => parseHandWritten(payload as JsonObject);

parseLedgerCredit(SAMPLE);
