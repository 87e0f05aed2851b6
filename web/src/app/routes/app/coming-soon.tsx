import { Link } from 'react-router';
import { PageHeading } from '../../../components/ui/page-heading';
import { paths } from '../../../config/paths';

/** Placeholder for features that are not built yet. */
export function ComingSoonRoute({ title }: { title: string }) {
  return (
    <>
      <PageHeading title={title}>This part of the app is coming soon.</PageHeading>
      <p>
        <Link to={paths.home}>Back to home</Link>
      </p>
    </>
  );
}
