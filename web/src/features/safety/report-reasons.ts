import { MIN_AGE, type ReportReason } from '@dating/functions/contract';

/** The API's reasons in words, in the order people look for them. */
export const reportReasonLabels: Readonly<Record<ReportReason, string>> = {
  harassment: 'Harassment or threats',
  inappropriate: 'Inappropriate photos or messages',
  fake: 'Fake profile or impersonation',
  spam: 'Spam, scam or advertising',
  underage: `Looks younger than ${MIN_AGE}`,
  other: 'Something else',
};
