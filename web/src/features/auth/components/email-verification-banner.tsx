import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { ApiError, describeWait } from '../../../lib/api-error';
import { useMe } from '../../../lib/current-user';
import { queryKeys } from '../../../lib/query-keys';
import { useResendVerification } from '../api/resend-verification';

type Outcome = 'sent' | 'verified' | { failure: string } | null;

function failureOf(error: Error): string {
  if (error instanceof ApiError && error.code === 'rate_limited') {
    return `We sent several links just now. Please wait about ${describeWait(error.retryAfterSeconds ?? 60)} before asking again; the newest link works.`;
  }
  return `The link was not sent: ${error.message}`;
}

/**
 * On every signed-in page while the server requires a confirmed address and this account has none: what is on
 * hold until then, and a way to get a new link.
 */
export function EmailVerificationBanner() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const resend = useResendVerification({
    mutationConfig: {
      onSuccess: () => setOutcome('sent'),
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'already_verified') {
          setOutcome('verified');
          void queryClient.invalidateQueries({ queryKey: queryKeys.me });
          return;
        }
        setOutcome({ failure: failureOf(error) });
      },
    },
  });

  const account = me.data;
  const unverified = account?.emailVerificationRequired === true && !account.emailVerified;
  // Kept once the server says the address is confirmed, so the user reads that before it goes.
  if (!account || (!unverified && outcome !== 'verified')) return null;

  if (outcome === 'verified') {
    return (
      <section className="banner banner--success" aria-labelledby="verification-banner-title">
        <p id="verification-banner-title" className="banner__title" role="status">
          Your email address is already confirmed.
        </p>
        <Button variant="quiet" onClick={() => setOutcome(null)}>
          Dismiss
        </Button>
      </section>
    );
  }

  return (
    <section className="banner" aria-labelledby="verification-banner-title">
      <div className="banner__text">
        <p id="verification-banner-title" className="banner__title">
          Confirm your email address
        </p>
        <p>
          We sent a link to <strong>{account.email}</strong>. Until you open it, nobody sees you in discovery,
          and you cannot like anyone or send messages. Your profile and photos stay editable.
        </p>
        <p
          className={typeof outcome === 'object' && outcome ? 'banner__error' : 'banner__status'}
          role="status"
        >
          {outcome === 'sent' && 'Sent. Check your inbox (and its spam folder) for the new link.'}
          {typeof outcome === 'object' && outcome?.failure}
        </p>
      </div>
      <Button variant="secondary" pending={resend.isPending} onClick={() => resend.mutate()}>
        Resend the link
      </Button>
    </section>
  );
}
