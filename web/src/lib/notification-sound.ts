import { useSyncExternalStore } from 'react';

/**
 * A short chime for a new match or message: off by default, switched per device (it is about this device's
 * speakers), kept in localStorage. Made with Web Audio, so there is no sound file to load.
 */
const STORAGE_KEY = 'heartwood.notificationSound';
const listeners = new Set<() => void>();

const read = (): boolean => {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false; // storage blocked (privacy mode): the default
  }
};

export function setNotificationSound(enabled: boolean): void {
  try {
    if (enabled) localStorage.setItem(STORAGE_KEY, 'on');
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage blocked: the choice lasts until the page is closed at least (listeners still hear it).
  }
  for (const listener of [...listeners]) listener();
}

export const isNotificationSoundOn = read;

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const useNotificationSound = () => useSyncExternalStore(subscribe, read, () => false);

let context: AudioContext | null = null;

/** Two soft notes, 0.3 s in all; nothing when the sound is off or the browser has no Web Audio. */
export function playNotificationSound(): void {
  if (!read() || typeof AudioContext === 'undefined') return;
  try {
    context ??= new AudioContext();
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.14, 1175],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.17);
    }
  } catch {
    // Autoplay policy or a closed context: a missing chime is not worth an error.
  }
}
