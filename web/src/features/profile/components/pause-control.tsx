import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useOwnProfile } from '../api/get-profile';
import { useSetPaused } from '../api/set-paused';

/**
 * Whether others can find the caller: while paused, a notice with a one-click Resume; otherwise (only where
 * `offerPause` is set, e.g. the profile page) a Pause button that says what pausing does.
 */
export function PauseControl({ offerPause = false }: { offerPause?: boolean }) {
  const profile = useOwnProfile();
  const setPaused = useSetPaused();
  if (!profile.data) return null;
  const failed = setPaused.isError ? <p role="alert">That did not work. Please try again.</p> : null;
  if (profile.data.pausedAt !== null) {
    return (
      <Alert tone="info" title="Your profile is paused">
        <p>Nobody new sees you in Discover. Your matches and chats go on as before.</p>
        <Button pending={setPaused.isPending} onClick={() => setPaused.mutate(false)}>
          Resume my profile
        </Button>
        {failed}
      </Alert>
    );
  }
  if (!offerPause) return null;
  return (
    <section className="pause-control" aria-labelledby="pause-heading">
      <h2 id="pause-heading">Take a break</h2>
      <p>Pausing hides you from Discover. Your matches and chats stay; resume with one click.</p>
      <Button variant="secondary" pending={setPaused.isPending} onClick={() => setPaused.mutate(true)}>
        Pause my profile
      </Button>
      {failed}
    </section>
  );
}
