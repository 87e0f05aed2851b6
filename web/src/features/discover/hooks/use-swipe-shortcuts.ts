import type { SwipeDecision } from '@dating/functions/contract';
import { useEffect, useRef } from 'react';
import { swipeDecisionForKey } from '../keyboard-shortcuts';

/** Listens for the like/pass keys on the whole page while `enabled`. */
export function useSwipeShortcuts(enabled: boolean, onDecision: (decision: SwipeDecision) => void) {
  const handler = useRef(onDecision);
  handler.current = onDecision;
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      const decision = swipeDecisionForKey(event);
      if (!decision) return;
      event.preventDefault();
      handler.current(decision);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}
