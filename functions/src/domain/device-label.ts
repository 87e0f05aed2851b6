/**
 * A coarse, human label for the device behind a User-Agent ("Firefox on Linux", "Safari on iPhone"), shown
 * in the sessions list so a person recognises their logins. Deliberately coarse (no versions, no models):
 * it is stored instead of the User-Agent itself, which says more than the list needs. A few ordered tests
 * rather than a parser library: the order matters because browsers name their ancestors (Edge says Chrome
 * and Safari, Chrome says Safari, iOS browsers say Safari).
 */

const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(HeadlessChrome|Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\b(iPhone|iPad)\b.*\bMobile\//, 'Safari'],
  [/\bcurl\//, 'curl'],
];

const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/** Longer User-Agents are cut before matching: the label needs only the start, and regexes stay cheap. */
const MAX_SCANNED = 512;

export const UNKNOWN_DEVICE = 'Unknown device';

export function deviceLabel(userAgent: string): string {
  const text = userAgent.slice(0, MAX_SCANNED);
  const browser = BROWSERS.find(([pattern]) => pattern.test(text))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(text))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `Browser on ${system}`;
  return UNKNOWN_DEVICE;
}
