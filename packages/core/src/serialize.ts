/**
 * One row -> one RFC 4180 record. This is the hot path, so it is a tight loop of its own; its
 * oracle is csv-stringify, configured to the same rules, in a property test.
 */

/** The field separators the contract allows. */
export type Delimiter = ',' | ';' | '\t' | '|';
export type Eol = 'crlf' | 'lf';

export interface SerializeOptions {
  delimiter: Delimiter;
  eol: Eol;
  /** Neutralise spreadsheet formulas (OWASP CSV injection); on unless turned off. */
  escapeFormulas: boolean;
}

export const EOL_CHARS: Record<Eol, string> = { crlf: '\r\n', lf: '\n' };

// Quoted whatever the delimiter, so that no spreadsheet locale can split the cell.
const ALWAYS_QUOTE = /[",;\t\r\n]|^\s|\s$/;
const PIPE_OR_ALWAYS_QUOTE = /[",;\t\r\n|]|^\s|\s$/;

// `=`, `+`, `-`, `@`, TAB, CR, LF, NUL and the fullwidth ＝＋－＠ start a formula in some spreadsheet.
const FORMULA_START = /^[=+\-@\t\r\n\0\uFF1D\uFF0B\uFF0D\uFF20]/;
// Leading whitespace does not stop Excel or LibreOffice from reading what follows as a formula.
const SPACED_FORMULA_START = /^\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
// Only a formula can run: a plain decimal number keeps its sign (`-5`, `+3.2`, `1e5`).
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Would a spreadsheet run this string as a formula? */
export function isFormulaLike(value: string): boolean {
  return (FORMULA_START.test(value) || SPACED_FORMULA_START.test(value)) && !PLAIN_NUMBER.test(value);
}

/** Makes the function that turns one string into one CSV cell. */
export function createStringCell(options: SerializeOptions): (value: string) => string {
  const needsQuotes = options.delimiter === '|' ? PIPE_OR_ALWAYS_QUOTE : ALWAYS_QUOTE;
  const escapeFormulas = options.escapeFormulas;
  return (value) => {
    if (escapeFormulas && isFormulaLike(value)) return quote(`'${value}`);
    return needsQuotes.test(value) ? quote(value) : value;
  };
}

function quote(value: string): string {
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/**
 * Formats any value a row may hold. Strings go through `stringCell`; JSON-ish objects become JSON
 * (a string, so they are quoted when needed, but never formula-escaped: they start with `{` or `[`).
 */
export function createCell(options: SerializeOptions): (value: unknown) => string {
  const stringCell = createStringCell(options);
  const jsonCell = createStringCell({ ...options, escapeFormulas: false });
  return (value) => {
    switch (typeof value) {
      case 'string':
        return stringCell(value);
      case 'number':
      case 'bigint':
        return String(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'undefined':
        return '';
      case 'object':
        if (value === null) return '';
        if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
        return jsonCell(JSON.stringify(value));
      default:
        // functions and symbols cannot come from JSON; a schema transform could make them.
        return '';
    }
  };
}
