import type { Delimiter, Eol } from '../serialize.js';
import { HttpProblem } from './problem.js';

/** How the body is framed: one JSON array, or one JSON object per line (the streaming form). */
export type BodyFormat = 'json' | 'ndjson';
export type OutputFormat = 'csv' | 'tsv';

const ACCEPTED_TYPES = 'application/json, application/*+json, application/x-ndjson or application/jsonl';
/** Every body type accepted, as `Accept-Post` lists them. */
export const ACCEPT_POST = 'application/json, application/*+json, application/x-ndjson, application/jsonl';

interface MediaType {
  type: string;
  params: Map<string, string>;
}

/** `text/csv; q=0.5; charset="utf-8"` -> `{ type: 'text/csv', params }`, names lower-cased. */
function parseMediaType(value: string): MediaType {
  const [essence = '', ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq === -1) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    let paramValue = param.slice(eq + 1).trim();
    if (paramValue.length >= 2 && paramValue.startsWith('"') && paramValue.endsWith('"'))
      paramValue = paramValue.slice(1, -1);
    params.set(name, paramValue);
  }
  return { type: essence.trim().toLowerCase(), params };
}

/** The body's framing from `Content-Type`; absent means JSON. */
export function bodyFormatOf(contentType: string | null): BodyFormat {
  if (contentType === null || contentType.trim() === '') return 'json';
  const { type, params } = parseMediaType(contentType);
  const charset = params.get('charset')?.toLowerCase();
  const format = formatOfType(type);
  if (!format) {
    throw new HttpProblem(
      'unsupported-media-type',
      `Content-Type ${type || '(empty)'} is not accepted; send ${ACCEPTED_TYPES}.`,
      {},
      { 'Accept-Post': ACCEPT_POST },
    );
  }
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpProblem(
      'unsupported-media-type',
      `Charset ${charset} is not accepted; send UTF-8.`,
      {},
      { 'Accept-Post': ACCEPT_POST },
    );
  }
  return format;
}

function formatOfType(type: string): BodyFormat | undefined {
  if (type === 'application/json') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/jsonl') return 'ndjson';
  if (type.startsWith('application/') && type.endsWith('+json') && type.length > 'application/+json'.length)
    return 'json';
  return undefined;
}

/** Whether the body is gzip, from `Content-Encoding`; anything but identity or gzip is refused. */
export function isGzipped(contentEncoding: string | null): boolean {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length === 0) return false;
  if (codings.length === 1 && codings[0] === 'gzip') return true;
  throw new HttpProblem(
    'unsupported-encoding',
    `Content-Encoding ${codings.join(', ')} is not accepted; send identity or gzip.`,
    {},
    { 'Accept-Encoding': 'gzip, identity' },
  );
}

const CANDIDATES: ReadonlyArray<{ format: OutputFormat; type: string }> = [
  { format: 'csv', type: 'text/csv' },
  { format: 'tsv', type: 'text/tab-separated-values' },
];

/** CSV or TSV by `Accept` (RFC 9110 §12.5.1: the most specific range sets the quality; ties go to CSV). */
export function outputFormatOf(accept: string | null): OutputFormat {
  if (accept === null || accept.trim() === '') return 'csv';
  const ranges = accept.split(',').map((range) => {
    const { type, params } = parseMediaType(range);
    const q = params.has('q') ? Number(params.get('q')) : 1;
    return { type, q: Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0 };
  });
  let best: { format: OutputFormat; q: number } | undefined;
  for (const candidate of CANDIDATES) {
    let specificity = -1;
    let q = 0;
    for (const range of ranges) {
      const s = matchSpecificity(range.type, candidate.type);
      if (s > specificity) {
        specificity = s;
        q = range.q;
      }
    }
    if (specificity >= 0 && q > 0 && (!best || q > best.q)) best = { format: candidate.format, q };
  }
  if (!best)
    throw new HttpProblem(
      'not-acceptable',
      'This function answers text/csv or text/tab-separated-values; the Accept header rules out both.',
    );
  return best.format;
}

function matchSpecificity(range: string, type: string): number {
  if (range === type) return 2;
  if (range === '*/*') return 0;
  if (range.endsWith('/*') && type.startsWith(range.slice(0, -1))) return 1;
  return -1;
}

/** One option a request may set in its query string (`allowQueryOptions` lists which). */
export type QueryOption = 'delimiter' | 'header' | 'bom' | 'eol' | 'filename';

/** The options a request may set in its query string, in the order they are read. */
export const QUERY_OPTIONS: readonly QueryOption[] = ['delimiter', 'header', 'bom', 'eol', 'filename'];

export interface RequestOptions {
  delimiter?: Delimiter;
  header?: boolean;
  bom?: boolean;
  eol?: Eol;
  filename?: string;
}

const DELIMITERS: Record<string, Delimiter> = {
  ',': ',',
  ';': ';',
  '\t': '\t',
  '|': '|',
  comma: ',',
  semicolon: ';',
  tab: '\t',
  pipe: '|',
};

/**
 * Reads the query options. A bad value is a 400 naming the option; so is an option the server
 * fixed or forbade (a silent ignore would hand the client a file it did not ask for).
 * Unknown options are ignored.
 */
export function parseQueryOptions(url: URL, allowed: boolean | readonly QueryOption[]): RequestOptions {
  const options: RequestOptions = {};
  for (const name of QUERY_OPTIONS) {
    const values = url.searchParams.getAll(name);
    if (values.length === 0) continue;
    if (allowed !== true && (allowed === false || !allowed.includes(name))) {
      throw invalidOption(name, `The query option "${name}" is fixed by this server and cannot be set.`);
    }
    if (values.length > 1) throw invalidOption(name, `The query option "${name}" is given more than once.`);
    const value = values[0]!;
    switch (name) {
      case 'delimiter': {
        const delimiter = DELIMITERS[value.toLowerCase()];
        if (!delimiter)
          throw invalidOption(
            name,
            'The query option "delimiter" must be one of , ; | or TAB (URL-encoded: %2C %3B %7C %09), or comma, semicolon, pipe, tab.',
          );
        options.delimiter = delimiter;
        break;
      }
      case 'header':
      case 'bom':
        if (value !== 'true' && value !== 'false')
          throw invalidOption(name, `The query option "${name}" must be true or false.`);
        options[name] = value === 'true';
        break;
      case 'eol':
        if (value !== 'crlf' && value !== 'lf')
          throw invalidOption(name, 'The query option "eol" must be crlf or lf.');
        options.eol = value;
        break;
      case 'filename':
        options.filename = value;
        break;
    }
  }
  return options;
}

export function invalidOption(option: string, detail: string): HttpProblem {
  return new HttpProblem('invalid-option', detail, { option });
}
