import { ModerationConsole } from '../../../features/moderation/components/moderation-console';

/** `/moderation`: the queue of reports and appeals, one person at a time. */
export function ModerationRoute() {
  return <ModerationConsole />;
}
