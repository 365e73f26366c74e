import type { SQSClient } from '@aws-sdk/client-sqs';
import { makeVisibleAgain } from '../../ops/sqs-visibility.js';
import { ReleaseFailedError } from '../errors.js';
import type { Receipt } from './delete-messages.js';

/**
 * Makes received messages visible again at once (`ChangeMessageVisibilityBatch`, timeout 0), for
 * messages the mapping received but will not invoke with. Best effort: resolves with the error
 * instead of throwing; messages left behind come back after their visibility timeout anyway.
 */
export async function releaseMessages(sqs: SQSClient, queueUrl: string, receipts: readonly Receipt[]): Promise<ReleaseFailedError | undefined> {
  const { failed, cause } = await makeVisibleAgain(sqs, queueUrl, receipts.map((receipt) => ({ receiptHandle: receipt.receiptHandle, id: receipt.messageId })));
  if (failed.length === 0) return undefined;
  return new ReleaseFailedError(`could not make ${failed.length} message(s) visible again on ${queueUrl}: ${failed.join(', ')}`, { cause });
}
