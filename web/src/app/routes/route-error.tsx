import { PageHeading } from '../../components/ui/page-heading';

/** Last resort when a page fails to render (or a lazy chunk fails to load after a deploy). */
export function RouteError() {
  return (
    <main id="main" className="app-main app-main--centered">
      <PageHeading title="Something went wrong">This page could not be shown.</PageHeading>
      <p>
        <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
          <span className="button__label">Reload the page</span>
        </button>
      </p>
    </main>
  );
}
