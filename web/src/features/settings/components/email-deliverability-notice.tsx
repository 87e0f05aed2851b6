import { Alert } from '../../../components/ui/alert';
import { useMe } from '../../../lib/current-user';
import { deliverabilityNotice } from '../lib/email-deliverability';

/** A short notice in settings when the account's address bounced or complained (mail to it has stopped). */
export function EmailDeliverabilityNotice() {
  const me = useMe();
  const notice = me.data ? deliverabilityNotice(me.data.emailDeliverability, me.data.email) : null;
  if (!notice) return null;
  return (
    <Alert tone="info" title={notice.title}>
      <p>{notice.text}</p>
    </Alert>
  );
}
