import { useCallback, useState } from 'react';

/**
 * A message for a polite live region (`<p role="status">`). Saying the same words twice in a row still gets
 * them read: the text alternates a trailing no-break space, so the region's content always changes.
 */
export function useAnnouncer(): [message: string, announce: (message: string) => void] {
  const [message, setMessage] = useState('');
  const announce = useCallback(
    (next: string) => setMessage((current) => (current === next ? `${next}\u00a0` : next)),
    [],
  );
  return [message, announce];
}
