import type { BlockPage } from '@dating/functions/contract';
import { type ReactNode, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { LoadError } from '../../../components/ui/load-error';
import { PageLoader } from '../../../components/ui/page-loader';
import { useAnnouncer } from '../../../hooks/use-announcer';
import { formatDay } from '../../../lib/format-date';
import { useBlocks } from '../api/get-blocks';
import { useUnblockUser } from '../api/unblock-user';

const nameOf = (block: BlockPage['items'][number]) => block.displayName ?? 'A deleted account';

/** The people the user blocked, each with a way to lift the block. */
export function BlockedUsers() {
  const blocks = useBlocks();
  const [announcement, announce] = useAnnouncer();
  const [failed, setFailed] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const unblock = useUnblockUser({
    mutationConfig: {
      onError: (error) => setFailed(`The block could not be lifted: ${error.message}`),
    },
  });

  let content: ReactNode;
  if (blocks.isPending) content = <PageLoader label="Loading blocked people…" />;
  else if (blocks.isError) {
    content = <LoadError title="Blocked people could not be loaded." query={blocks} />;
  } else {
    const items = blocks.data.pages.flatMap((page) => page.items);
    content =
      items.length === 0 ? (
        <p className="muted">You have not blocked anyone.</p>
      ) : (
        <>
          <ul className="blocked-list">
            {items.map((block) => (
              <li key={block.userId} className="blocked-list__item">
                <span>
                  <span className="blocked-list__name">{nameOf(block)}</span>
                  <span className="blocked-list__since">Blocked on {formatDay(block.blockedAt)}</span>
                </span>
                <Button
                  variant="secondary"
                  pending={unblock.isPending && unblock.variables === block.userId}
                  onClick={() => {
                    setFailed(null);
                    unblock.mutate(block.userId, {
                      onSuccess: () => {
                        announce(`${nameOf(block)} is no longer blocked.`);
                        // The row and its button are gone: keep focus in this section.
                        heading.current?.focus();
                      },
                    });
                  }}
                >
                  Unblock<span className="visually-hidden"> {nameOf(block)}</span>
                </Button>
              </li>
            ))}
          </ul>
          {blocks.hasNextPage && (
            <Button
              variant="secondary"
              onClick={() => void blocks.fetchNextPage()}
              pending={blocks.isFetchingNextPage}
            >
              Show more
            </Button>
          )}
        </>
      );
  }

  return (
    <section className="card settings-section" aria-labelledby="blocked-title">
      <h2 id="blocked-title" ref={heading} tabIndex={-1}>
        Blocked people
      </h2>
      <p className="muted">
        They cannot see you and you do not see them. Unblocking does not restore a match.
      </p>
      {failed && <Alert title={failed} />}
      {content}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </section>
  );
}
