import { Link } from 'react-router';
import type { MessageToast as Toast } from '../lib/match-alerts';

/**
 * A new message's sender and first words, in a polite live region (read out without moving focus), with the
 * way to its chat. Nothing is rendered inside the region until there is a toast, so it is announced once.
 */
export function MessageToast({ toast, onDismiss }: { toast: Toast | null; onDismiss: () => void }) {
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && (
        <div className="toast" key={toast.messageId}>
          <p className="toast__text">
            <strong>{toast.senderName}</strong>: {toast.preview}
          </p>
          <div className="toast__actions">
            <Link className="button button--primary" to={toast.chatPath}>
              <span className="button__label">Reply</span>
            </Link>
            <button type="button" className="toast__close" onClick={onDismiss} aria-label="Dismiss">
              ×
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
