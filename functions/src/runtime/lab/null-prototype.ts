/**
 * A record without a prototype, for maps keyed by what a client sent (headers, query parameters): a key named
 * `__proto__`, `constructor` or `toString` is then a key like any other, instead of finding Object.prototype
 * (with `{}`, `?constructor=x` read back "function Object() { [native code] },x" and `__proto__` vanished).
 */
export const emptyRecord = <T>(): Record<string, T> => Object.create(null);
