import { DEFAULT_AUTO_HIDE, shouldAutoHide } from '../../domain/moderation';
import type { Deps } from '../deps';

/**
 * Auto-hide: once `threshold` different people reported the user within the window (MODERATION_AUTO_HIDE), the
 * profile leaves discovery until a moderator decides (any decision shows it again, unless it restricts the
 * account). Matches and profile views stay: hiding is a precaution, not a verdict.
 */
export async function autoHideIfReportedOften(deps: Deps, reportedId: string): Promise<void> {
  const rule = deps.config.autoHide ?? DEFAULT_AUTO_HIDE;
  if (rule.threshold <= 0) return;
  const since = new Date(deps.clock.now().getTime() - rule.windowSeconds * 1000).toISOString();
  const reporters = await deps.store.moderation.countReportersSince(reportedId, since);
  if (!shouldAutoHide(reporters, rule)) return;
  const profile = await deps.store.profiles.get(reportedId);
  if (!profile || profile.visibility !== undefined) return;
  await deps.store.moderation.setVisibility(reportedId, 'review');
  deps.log.info('profile hidden for review', { userId: reportedId, reporters });
}
