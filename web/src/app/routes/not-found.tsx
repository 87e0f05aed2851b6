import { Link } from 'react-router';
import { PageHeading } from '../../components/ui/page-heading';
import { paths } from '../../config/paths';

export function NotFoundRoute() {
  return (
    <main id="main" className="app-main app-main--centered">
      <PageHeading title="Page not found">There is nothing at this address.</PageHeading>
      <p>
        <Link to={paths.home}>Go to the home page</Link>
      </p>
    </main>
  );
}
