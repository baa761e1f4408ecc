/**
 * A `Headers` of plain fields, for the lean Request and Response: Node's `Headers` is undici's, and
 * the first one built loads all of undici (the largest part of a cold start's CPU in the profile).
 * Same names, values, order and errors as the Fetch standard's; once undici is loaded anyway,
 * `instanceof Headers` holds (see leanGlobals.ts).
 */

/** RFC 9110 token: what a header name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a header value may not hold (after its surrounding whitespace is trimmed). */
const FORBIDDEN_VALUE = /[\0\r\n]/;

function checkedName(name: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: invalid header name "${text}"`);
  return text.toLowerCase();
}

/**
 * The Fetch standard's value normalisation: HTTP whitespace (tab, LF, CR, space) off both ends.
 * A loop, not a `/[\t\n\r ]+$/` (quadratic on a long run of spaces before a letter: test/redos).
 */
function trimHttpWhitespace(text: string): string {
  const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function checkedValue(name: string, value: string): string {
  const text = trimHttpWhitespace(String(value));
  if (FORBIDDEN_VALUE.test(text)) throw new TypeError(`Headers: invalid value for header "${name}"`);
  return text;
}

export class LeanHeaders implements Headers {
  /** Lower-case name to its values, in the order they came. */
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeadersInit | null) {
    if (init === undefined || init === null) return;
    if (typeof init !== 'object') throw new TypeError('Headers: init must be an object');
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<Iterable<string>>) {
        const entry = [...pair];
        if (entry.length !== 2) throw new TypeError('Headers: each header must be a [name, value] pair');
        this.append(entry[0]!, entry[1]!);
      }
    } else {
      for (const name of Object.keys(init)) this.append(name, (init as Record<string, string>)[name]!);
    }
  }

  append(name: string, value: string): void {
    const key = checkedName(name);
    const text = checkedValue(key, value);
    const values = this.#values.get(key);
    if (values) values.push(text);
    else this.#values.set(key, [text]);
  }

  set(name: string, value: string): void {
    const key = checkedName(name);
    this.#values.set(key, [checkedValue(key, value)]);
  }

  delete(name: string): void {
    this.#values.delete(checkedName(name));
  }

  get(name: string): string | null {
    return this.#values.get(checkedName(name))?.join(', ') ?? null;
  }

  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  has(name: string): boolean {
    return this.#values.has(checkedName(name));
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this) callback.call(thisArg, value, name, this);
  }

  /** Sorted by name, each `Set-Cookie` on its own, the others combined: the standard's order. */
  *entries(): HeadersIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const values = this.#values.get(name)!;
      if (name === 'set-cookie') for (const value of values) yield [name, value];
      else yield [name, values.join(', ')];
    }
  }

  *keys(): HeadersIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): HeadersIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return Object.fromEntries(this);
  }
}
