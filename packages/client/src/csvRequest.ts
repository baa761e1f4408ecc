import { type Problem, ProblemError } from './errors.js';
import { type BodyOptions, requestBody } from './requestBody.js';

/** Options of `convert`; each becomes the query option or header of the same name. */
export interface ConvertOptions extends BodyOptions {
  /** The `delimiter` query option: `,` (the function's default), `;`, tab or `|`. */
  delimiter?: ',' | ';' | '\t' | '|';
  /** The `header` query option: `false` leaves out the header row. */
  header?: boolean;
  /** The `bom` query option: `true` starts the CSV with a UTF-8 byte-order mark. */
  bom?: boolean;
  /** The `eol` query option: `crlf` (default) or `lf`. */
  eol?: 'crlf' | 'lf';
  /** The `filename` query option: the download name the function puts in `Content-Disposition`. */
  filename?: string;
  /** The answer's format: `csv` (default) or `tsv`, sent as `Accept`. */
  format?: 'csv' | 'tsv';
  /** Extra request headers, e.g. `authorization` for a function with API keys. */
  headers?: Record<string, string>;
  /** The path the function sees, relative to the client's base. Default: the base itself. */
  path?: string;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/**
 * What every csvfn client does, whichever way it reaches the function. `Row` is the row type
 * `convert` takes: the schema's input when the client was given one, otherwise any object.
 */
export interface CsvfnClient<Row = Record<string, unknown>> {
  /**
   * Converts rows to CSV (or TSV). Throws {@link ProblemError} when the function answers with a
   * problem (e.g. 422 with every invalid row); transport errors pass through as they are, and so
   * does a stream the function cut after its `200` (a row that failed mid-way through NDJSON).
   */
  convert(rows: readonly Row[], options?: ConvertOptions): Promise<string>;
  /** Any request to the function; its answer as a Response, errors included. */
  fetch(request: Request, init?: { signal?: AbortSignal }): Promise<Response>;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Gives a transport (`fetch` to a URL, or Lambda Invoke) the CSV-aware `convert`. */
export function csvfnClient<Row>(base: string, send: CsvfnClient['fetch']): CsvfnClient<Row> {
  return {
    fetch: send,
    async convert(rows, options = {}) {
      const { format, headers, path, signal, ndjson, gzip, ...query } = options;
      const url =
        path === undefined
          ? new URL(base)
          : new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`);
      for (const [name, value] of Object.entries(query))
        if (value !== undefined) url.searchParams.set(name, String(value));
      const body = await requestBody(rows, { ndjson, gzip });
      const request = new Request(url, {
        method: 'POST',
        headers: {
          ...body.headers,
          accept: format === 'tsv' ? 'text/tab-separated-values' : 'text/csv',
          ...headers,
        },
        body: body.body,
      });
      const response = await send(request, { signal });
      const text = utf8.decode(await response.arrayBuffer());
      if (!response.ok) throw new ProblemError(toProblem(response, text));
      return text;
    },
  };
}

/** The problem+json a csvfn function answers with, or one made from a bare error answer. */
function toProblem(response: Response, body: string): Problem {
  let parsed: Partial<Problem> | undefined;
  if (/json/i.test(response.headers.get('content-type') ?? '')) {
    try {
      parsed = JSON.parse(body);
    } catch {}
  }
  if (parsed && typeof parsed === 'object' && typeof parsed.type === 'string') {
    return {
      ...parsed,
      type: parsed.type,
      status: typeof parsed.status === 'number' ? parsed.status : response.status,
    };
  }
  return { type: 'about:blank', title: `HTTP ${response.status}`, status: response.status, detail: body };
}
