import {
  MAX_REPORT_DETAILS_LENGTH,
  type ReportReason,
  ReportRequest,
  reportReasons,
} from '@dating/functions/contract';
import { useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { messagesFor } from '../../../lib/form-errors';
import { validateWith } from '../../../lib/validation';
import { useReportableMessages } from '../api/get-reportable-messages';
import { useReportUser } from '../api/report-user';
import { reportReasonLabels } from '../report-reasons';

interface ReportUserButtonProps {
  userId: string;
  displayName: string;
  /** The conversation with them (the match id): its messages can be attached to the report. */
  conversationId?: string;
  onReported: () => void;
}

const emptyReport: { reason: ReportReason | ''; details: string } = { reason: '', details: '' };

/** Report with a reason and optional details; sending it also blocks the person (the server does both). */
export function ReportUserButton({ userId, displayName, conversationId, onReported }: ReportUserButtonProps) {
  const [open, setOpen] = useState(false);
  const [attached, setAttached] = useState<ReadonlySet<string>>(new Set());
  const messages = useReportableMessages(conversationId, open);
  const reasonSelect = useRef<HTMLSelectElement>(null);
  const form = useSchemaForm({
    initialValues: emptyReport,
    validate: ({ reason, details }) => {
      const trimmed = details.trim();
      const checked = validateWith(ReportRequest, {
        userId,
        reason: reason === '' ? undefined : reason,
        ...(trimmed ? { details: trimmed } : {}),
        ...(attached.size > 0 ? { messageIds: [...attached] } : {}),
      });
      if (checked.ok || reason !== '') return checked;
      return { ok: false, errors: { ...checked.errors, reason: ['Choose a reason'] } };
    },
    onValid: (request) => report.mutate(request),
  });
  const report = useReportUser({
    mutationConfig: {
      onSuccess: () => {
        setOpen(false);
        onReported();
      },
      onError: form.fail,
    },
  });
  const { values, errors } = form;

  const close = () => {
    if (!report.isPending) setOpen(false);
  };

  return (
    <>
      <Button
        variant="danger"
        onClick={() => {
          form.reset(emptyReport);
          setAttached(new Set());
          report.reset();
          setOpen(true);
        }}
      >
        Report
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title={`Report ${displayName}`}
        description={`Our moderators review every report. Reporting also blocks ${displayName}: your match ends and you will not see each other (you can unblock in Settings).`}
        initialFocus={reasonSelect}
        dismissible={!report.isPending}
      >
        <form {...form.formProps} className="form" aria-label={`Report ${displayName}`}>
          {errors.message && <Alert title={errors.message} />}
          <Field label="Reason" errors={messagesFor(errors.fields, 'reason')}>
            {(control) => (
              <select
                {...control}
                ref={reasonSelect}
                name="reason"
                value={values.reason}
                onChange={(event) => form.change({ reason: event.currentTarget.value as ReportReason | '' })}
                required
              >
                <option value="">Choose a reason</option>
                {reportReasons.map((value) => (
                  <option key={value} value={value}>
                    {reportReasonLabels[value]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="What happened? (optional)"
            hint="Anything that helps the moderators understand."
            counter={`${values.details.length} of ${MAX_REPORT_DETAILS_LENGTH}`}
            errors={messagesFor(errors.fields, 'details')}
          >
            {(control) => (
              <textarea
                {...control}
                name="details"
                rows={4}
                maxLength={MAX_REPORT_DETAILS_LENGTH}
                value={values.details}
                onChange={(event) => form.change({ details: event.currentTarget.value })}
              />
            )}
          </Field>
          {conversationId !== undefined && (messages.data?.items.length ?? 0) > 0 && (
            <fieldset className="field">
              <legend className="field__label">Attach messages (optional)</legend>
              <p className="field__hint">
                Moderators see only the messages you tick, nothing else of your chat.
              </p>
              <ul className="report-messages">
                {[...(messages.data?.items ?? [])].reverse().map((message) => (
                  <li key={message.id}>
                    <label>
                      <input
                        type="checkbox"
                        name="messageIds"
                        value={message.id}
                        checked={attached.has(message.id)}
                        onChange={(event) => {
                          const next = new Set(attached);
                          if (event.currentTarget.checked) next.add(message.id);
                          else next.delete(message.id);
                          setAttached(next);
                        }}
                      />{' '}
                      {message.senderId === userId ? displayName : 'You'}: {message.text}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <div className="dialog__actions">
            <Button variant="secondary" onClick={close} disabled={report.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={report.isPending}>
              Send report
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
