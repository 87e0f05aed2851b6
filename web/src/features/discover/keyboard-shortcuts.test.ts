import { describe, expect, it } from 'vitest';
import { type ShortcutKeyEvent, swipeDecisionForKey } from './keyboard-shortcuts';

const press = (key: string, overrides: Partial<ShortcutKeyEvent> = {}): ShortcutKeyEvent => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  repeat: false,
  defaultPrevented: false,
  target: null,
  ...overrides,
});

/** A stand-in for a focused element: its tag, and whether it sits inside an open dialog. */
const element = (tagName: string, options: { editable?: boolean; inDialog?: boolean } = {}) =>
  ({
    tagName,
    isContentEditable: options.editable ?? false,
    closest: (selector: string) => (options.inDialog && selector.includes('dialog') ? {} : null),
  }) as unknown as EventTarget;

describe('like and pass shortcuts', () => {
  it('likes with → or L and passes with ← or P, in either case', () => {
    expect(swipeDecisionForKey(press('ArrowRight'))).toBe('like');
    expect(swipeDecisionForKey(press('l'))).toBe('like');
    expect(swipeDecisionForKey(press('L'))).toBe('like');
    expect(swipeDecisionForKey(press('ArrowLeft'))).toBe('pass');
    expect(swipeDecisionForKey(press('p'))).toBe('pass');
    expect(swipeDecisionForKey(press('P'))).toBe('pass');
  });

  it('ignores every other key', () => {
    for (const key of ['ArrowUp', 'ArrowDown', 'Enter', ' ', 'k', 'Escape', 'Tab']) {
      expect(swipeDecisionForKey(press(key))).toBeNull();
    }
  });

  it('works when focus is on a button or the page, not while typing in a field', () => {
    expect(swipeDecisionForKey(press('l', { target: element('BUTTON') }))).toBe('like');
    expect(swipeDecisionForKey(press('l', { target: element('BODY') }))).toBe('like');
    expect(swipeDecisionForKey(press('l', { target: element('INPUT') }))).toBeNull();
    expect(swipeDecisionForKey(press('p', { target: element('TEXTAREA') }))).toBeNull();
    expect(swipeDecisionForKey(press('ArrowLeft', { target: element('SELECT') }))).toBeNull();
    expect(swipeDecisionForKey(press('l', { target: element('DIV', { editable: true }) }))).toBeNull();
  });

  it('does nothing while a dialog is open (the match dialog has its own keys)', () => {
    expect(swipeDecisionForKey(press('ArrowRight', { target: element('A', { inDialog: true }) }))).toBeNull();
  });

  it('leaves browser shortcuts alone and ignores a held-down key', () => {
    expect(swipeDecisionForKey(press('ArrowLeft', { altKey: true }))).toBeNull();
    expect(swipeDecisionForKey(press('l', { ctrlKey: true }))).toBeNull();
    expect(swipeDecisionForKey(press('p', { metaKey: true }))).toBeNull();
    expect(swipeDecisionForKey(press('ArrowRight', { repeat: true }))).toBeNull();
    expect(swipeDecisionForKey(press('ArrowRight', { defaultPrevented: true }))).toBeNull();
  });
});
