import { useLocation } from 'react-router';
import { Alert } from '../../../components/ui/alert';

/** Navigation state that puts a confirmation above the login form (after a password reset). */
export const withLoginNotice = (notice: string) => ({ notice });

function noticeIn(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('notice' in state)) return null;
  return typeof state.notice === 'string' ? state.notice : null;
}

/** The confirmation another page left for the login page, if any. */
export function LoginNotice() {
  const notice = noticeIn(useLocation().state);
  if (!notice) return null;
  return <Alert tone="success" title={notice} />;
}
