import type { ReactNode } from 'react';
import { env } from '../../config/env';
import { documentTitle, useAttentionCount } from '../../lib/attention-count';

interface PageHeadingProps {
  title: string;
  children?: ReactNode;
}

/**
 * The page's one h1 and its document title (with the count of what waits, "(2) Matches · Heartwood"). The heading takes focus after a navigation (see the root layout),
 * so screen reader users hear where they are.
 */
export function PageHeading({ title, children }: PageHeadingProps) {
  const waiting = useAttentionCount();
  return (
    <header className="page-heading">
      <title>{documentTitle(title, env.appName, waiting)}</title>
      <h1 tabIndex={-1}>{title}</h1>
      {children && <div className="page-heading__lead">{children}</div>}
    </header>
  );
}
