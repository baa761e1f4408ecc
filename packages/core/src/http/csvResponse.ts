import type { ConverterOptions } from '../convert.js';
import type { HandlerOptions } from './contract.js';
import { contentDisposition, requestedFilename, sanitizeFilename } from './filename.js';
import type { OutputFormat, RequestOptions } from './negotiate.js';

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
  const extension = format === 'tsv' ? 'tsv' : 'csv';
  const filename =
    query.filename !== undefined
      ? requestedFilename(query.filename, extension)
      : (sanitizeFilename(options.filename ?? 'data', extension) ?? `data.${extension}`);
  const converterOptions: ConverterOptions = {
    ...options,
    delimiter: format === 'tsv' ? '\t' : (query.delimiter ?? options.delimiter),
    eol: query.eol ?? options.eol,
    header: query.header ?? options.header,
    bom: query.bom ?? options.bom,
  };
  const headers = {
    'Content-Type': contentType(format, converterOptions.header !== false),
    'Content-Disposition': contentDisposition(filename),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...cors,
  };
  return { converterOptions, headers };
}

function contentType(format: OutputFormat, header: boolean): string {
  if (format === 'tsv') return 'text/tab-separated-values; charset=utf-8';
  return `text/csv; charset=utf-8; header=${header ? 'present' : 'absent'}`;
}
