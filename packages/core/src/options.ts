/**
 * Every option checked when a converter or handler is built, so a mistake throws at start-up with
 * the option's name, never as a 500 on each request (or as a silently different file).
 */

/** Throws a TypeError `<who>: <option> <problem>`. */
export function fail(who: string, option: string, problem: string): never {
  throw new TypeError(`${who}: ${option} ${problem}`);
}

/** Refuses option names the function does not know (a typo would otherwise be a silent default). */
export function checkKnown(who: string, options: object, known: ReadonlySet<string>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`${who}: options must be an object`);
  for (const name of Object.keys(options)) {
    if (!known.has(name)) fail(who, `"${name}"`, `is not an option (options: ${[...known].join(', ')})`);
  }
}

/** `value` is undefined or one of `allowed`. */
export function checkOneOf(who: string, name: string, value: unknown, allowed: readonly unknown[]): void {
  if (value !== undefined && !allowed.includes(value))
    fail(who, name, `must be one of ${allowed.map((entry) => JSON.stringify(entry)).join(', ')}`);
}

/** `value` is undefined or a boolean. */
export function checkBoolean(who: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') fail(who, name, 'must be true or false');
}

/** `value` is undefined or a whole number of at least 1. */
export function checkPositiveInteger(who: string, name: string, value: unknown): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 1))
    fail(who, name, 'must be a whole number of at least 1');
}
