import type { ConverterOptions } from '../convert.js';
import type { HandlerOptions } from './contract.js';
import { contentDisposition, requestedFilename, sanitizeFilename } from './filename.js';
import { invalidOption, type OutputFormat, type RequestOptions } from './negotiate.js';

/** What a request asks the CSV to look like, and the headers of its 200. */
export interface CsvResponsePlan {
  converterOptions: ConverterOptions;
  headers: Record<string, string>;
}

/**
 * Merges the server's options with what the request chose (its query options and the format its
 * `Accept` picked): the converter's options and the answer's headers. A bad filename is a 400.
 */
export function planCsvResponse(
  query: RequestOptions,
  format: OutputFormat,
  options: HandlerOptions,
  cors: Record<string, string>,
): CsvResponsePlan {
  // TSV's delimiter is TAB by definition: a request asking for another gets a 400, not a silent TAB.
  if (format === 'tsv' && query.delimiter !== undefined && query.delimiter !== '\t')
    throw invalidOption(
      'delimiter',
      'The query option "delimiter" cannot be used with TSV (Accept: text/tab-separated-values), whose delimiter is always TAB.',
    );
  const extension = format === 'tsv' ? 'tsv' : 'csv';
  const disposition =
    query.filename !== undefined
      ? contentDisposition(requestedFilename(query.filename, extension))
      : defaultDisposition(options, extension);
  const converterOptions: ConverterOptions = {
    ...options,
    delimiter: format === 'tsv' ? '\t' : (query.delimiter ?? options.delimiter),
    eol: query.eol ?? options.eol,
    header: query.header ?? options.header,
    bom: query.bom ?? options.bom,
  };
  const headers = {
    'Content-Type': contentType(format, converterOptions.header !== false),
    'Content-Disposition': disposition,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...cors,
  };
  return { converterOptions, headers };
}

/** The server's own download name, per options object and extension: the same on every request. */
const DEFAULT_DISPOSITIONS = new WeakMap<HandlerOptions, Partial<Record<'csv' | 'tsv', string>>>();

function defaultDisposition(options: HandlerOptions, extension: 'csv' | 'tsv'): string {
  let known = DEFAULT_DISPOSITIONS.get(options);
  if (!known) {
    known = {};
    DEFAULT_DISPOSITIONS.set(options, known);
  }
  known[extension] ??= contentDisposition(
    sanitizeFilename(options.filename ?? 'data', extension) ?? `data.${extension}`,
  );
  return known[extension];
}

function contentType(format: OutputFormat, header: boolean): string {
  if (format === 'tsv') return 'text/tab-separated-values; charset=utf-8';
  return `text/csv; charset=utf-8; header=${header ? 'present' : 'absent'}`;
}
