import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';

interface DialogProps {
  /** Closed dialogs render nothing. */
  open: boolean;
  /** Escape, the close button, and a click on the backdrop (unless `dismissible` is false) call this. */
  onClose: () => void;
  title: string;
  /** Read with the title when the dialog opens. */
  description?: ReactNode;
  /** What gets focus on opening; by default the first focusable control. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** False while something is being sent: Escape and the backdrop then do nothing. */
  dismissible?: boolean;
  className?: string;
  children: ReactNode;
}

const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

export const focusableIn = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>(focusableSelector)].filter(
    (element) => !element.closest('[inert]') && element.getClientRects().length > 0,
  );

/**
 * A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert (screen readers and
 * pointers cannot reach it), Tab and Shift+Tab cycle inside the dialog, Escape closes, and focus goes back to
 * where it was when the dialog closes.
 */
export function Dialog(props: DialogProps) {
  if (!props.open) return null;
  return <OpenDialog {...props} />;
}

function OpenDialog({
  onClose,
  title,
  description,
  initialFocus,
  dismissible = true,
  className,
  children,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const dismissibleRef = useRef(dismissible);
  dismissibleRef.current = dismissible;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const target = initialFocus?.current ?? focusableIn(dialog)[0] ?? dialog;
    target.focus();
    return () => {
      if (dialog.open) dialog.close();
      // The control that opened the dialog may be gone (the photo it deleted): then the page's heading.
      const fallback = document.querySelector<HTMLElement>('main h1');
      (returnFocusTo?.isConnected ? returnFocusTo : fallback)?.focus();
    };
  }, [initialFocus]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Escape fires `cancel`; the dialog stays open until the owner closes it (it decides, it may be busy).
    const cancel = (event: Event) => {
      event.preventDefault();
      if (dismissibleRef.current) onCloseRef.current();
    };
    // Browsers may close the dialog themselves (a second Escape); keep the owner's state in step. A `close`
    // queued by an earlier cleanup (StrictMode remounts) finds the dialog open again and is ignored.
    const closed = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.removeEventListener('close', closed);
    };
  }, []);

  const trapTab = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = focusableIn(ref.current);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === ref.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={['dialog', className].filter(Boolean).join(' ')}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      onKeyDown={trapTab}
      onClick={(event) => {
        // A click on the dialog element itself (not its content) is a click on the backdrop.
        if (event.target === event.currentTarget && dismissible) onClose();
      }}
    >
      <div className="dialog__content">
        <h2 id={`${id}-title`} className="dialog__title">
          {title}
        </h2>
        {description && (
          <div id={`${id}-description`} className="dialog__description">
            {description}
          </div>
        )}
        {children}
      </div>
    </dialog>
  );
}
