import type { SwipeDecision } from '@dating/functions/contract';

/** The parts of a KeyboardEvent the shortcuts look at (so they can be tested without a DOM). */
export interface ShortcutKeyEvent {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  repeat: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
}

/** Shown on the page: every shortcut must be discoverable without reading the code. */
export const swipeShortcuts: Readonly<Record<SwipeDecision, readonly string[]>> = {
  like: ['→', 'L'],
  pass: ['←', 'P'],
};

const keys: Readonly<Record<string, SwipeDecision>> = {
  ArrowRight: 'like',
  l: 'like',
  L: 'like',
  ArrowLeft: 'pass',
  p: 'pass',
  P: 'pass',
};

interface TargetLike {
  tagName?: unknown;
  isContentEditable?: unknown;
  closest?: (selector: string) => unknown;
}

/** Typing in a field, or working in a dialog, must never like or pass someone by accident. */
function isInteractiveTarget(target: EventTarget | null): boolean {
  if (target === null || typeof target !== 'object') return false;
  const element = target as TargetLike;
  const tag = typeof element.tagName === 'string' ? element.tagName.toUpperCase() : '';
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (element.isContentEditable === true) return true;
  return typeof element.closest === 'function' && element.closest('dialog[open], [role="dialog"]') != null;
}

/** → or L likes, ← or P passes; nothing while typing, with a modifier (browser shortcuts), or on key repeat. */
export function swipeDecisionForKey(event: ShortcutKeyEvent): SwipeDecision | null {
  if (event.defaultPrevented || event.repeat) return null;
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  if (isInteractiveTarget(event.target)) return null;
  return keys[event.key] ?? null;
}
