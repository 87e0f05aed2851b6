import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Reason codes of a cancelled TransactWriteItems, in the order of its actions ('None' when fine). */
export type CancellationCodes = string[];

const MAX_ATTEMPTS = 6;

/**
 * Runs one TransactWriteItems and answers `null` when it committed, or the cancellation codes when a
 * condition failed. A `TransactionConflict` (a concurrent request was touching one of the items) says
 * nothing about our conditions, so the transaction is retried until they decide.
 */
export async function transactWrite(send: () => Promise<unknown>): Promise<CancellationCodes | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await send();
      return null;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      if (codes.includes('ConditionalCheckFailed')) return codes;
      if (!codes.includes('TransactionConflict') || attempt === MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}

export const conditionFailed = (codes: CancellationCodes, actionIndex: number): boolean =>
  codes[actionIndex] === 'ConditionalCheckFailed';
