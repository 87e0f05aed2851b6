import { type CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { jitteredBackoff, MAX_ATTEMPTS } from './retry-backoff';

/**
 * Runs one TransactWriteItems and answers `null` when it committed, or the cancellation reasons (one per
 * action, in order) when a condition failed. A `TransactionConflict` (a concurrent request was touching
 * one of the items) says nothing about our conditions, so the transaction is retried until they decide.
 */
export async function transactWrite(send: () => Promise<unknown>): Promise<CancellationReason[] | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await send();
      return null;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const codes = reasons.map((reason) => reason.Code);
      if (codes.includes('ConditionalCheckFailed')) return reasons;
      if (!codes.includes('TransactionConflict') || attempt === MAX_ATTEMPTS) throw error;
      await jitteredBackoff(attempt);
    }
  }
}

export const conditionFailed = (reasons: CancellationReason[], actionIndex: number): boolean =>
  reasons[actionIndex]?.Code === 'ConditionalCheckFailed';
