import {
  MAX_REPORT_DETAILS_LENGTH,
  type ReportReason,
  ReportRequest,
  reportReasons,
} from '@dating/functions/contract';
import { type FormEvent, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import {
  type FormErrors,
  formErrorsFrom,
  messagesFor,
  noFormErrors,
  withoutField,
} from '../../../lib/form-errors';
import { validateWith } from '../../../lib/validation';
import { useReportUser } from '../api/report-user';
import { reportReasonLabels } from '../report-reasons';

interface ReportUserButtonProps {
  userId: string;
  displayName: string;
  onReported: () => void;
}

/** Report with a reason and optional details; sending it also blocks the person (the server does both). */
export function ReportUserButton({ userId, displayName, onReported }: ReportUserButtonProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason | ''>('');
  const [details, setDetails] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const reasonSelect = useRef<HTMLSelectElement>(null);
  const report = useReportUser({
    mutationConfig: {
      onSuccess: () => {
        setOpen(false);
        onReported();
      },
      onError: (error) => setErrors(formErrorsFrom(error)),
    },
  });

  const close = () => {
    if (!report.isPending) setOpen(false);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = details.trim();
    const checked = validateWith(ReportRequest, {
      userId,
      reason: reason === '' ? undefined : reason,
      ...(trimmed ? { details: trimmed } : {}),
    });
    if (!checked.ok) {
      const fields = reason === '' ? { ...checked.errors, reason: ['Choose a reason'] } : checked.errors;
      setErrors({ message: null, fields });
      reasonSelect.current?.focus();
      return;
    }
    setErrors(noFormErrors);
    report.mutate(checked.value);
  };

  return (
    <>
      <Button
        variant="danger"
        onClick={() => {
          setReason('');
          setDetails('');
          setErrors(noFormErrors);
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
        <form className="form" onSubmit={submit} noValidate aria-label={`Report ${displayName}`}>
          {errors.message && <Alert title={errors.message} />}
          <Field label="Reason" errors={messagesFor(errors.fields, 'reason')}>
            {(control) => (
              <select
                {...control}
                ref={reasonSelect}
                name="reason"
                value={reason}
                onChange={(event) => {
                  setReason(event.currentTarget.value as ReportReason | '');
                  setErrors((current) => withoutField(current, 'reason'));
                }}
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
            counter={`${details.length} of ${MAX_REPORT_DETAILS_LENGTH}`}
            errors={messagesFor(errors.fields, 'details')}
          >
            {(control) => (
              <textarea
                {...control}
                name="details"
                rows={4}
                maxLength={MAX_REPORT_DETAILS_LENGTH}
                value={details}
                onChange={(event) => {
                  setDetails(event.currentTarget.value);
                  setErrors((current) => withoutField(current, 'details'));
                }}
              />
            )}
          </Field>
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
