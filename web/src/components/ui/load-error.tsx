import { Alert } from './alert';
import { Button } from './button';

/** What a failed TanStack query offers here: its error, a retry, and whether one is under way. */
interface FailedQuery {
  error: Error;
  refetch: () => unknown;
  isFetching: boolean;
}

/** "<what> could not be loaded", the reason, and a "Try again" that refetches (pending while it runs). */
export function LoadError({ title, query }: { title: string; query: FailedQuery }) {
  return (
    <Alert title={title} items={[query.error.message]}>
      <Button variant="secondary" onClick={() => void query.refetch()} pending={query.isFetching}>
        Try again
      </Button>
    </Alert>
  );
}
