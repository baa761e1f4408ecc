import { invalidOption } from './negotiate.js';

const MAX_NAME_LENGTH = 200;

/**
 * A download name that cannot break out of its header or the user's folder: no path, no control,
 * format (bidi, zero-width) or reserved characters, no leading dots, at most 200 characters, and the right extension.
 * Returns `undefined` when nothing usable is left.
 */
export function sanitizeFilename(name: string, extension: 'csv' | 'tsv'): string | undefined {
  let base = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|\u2028\u2029]/g, '')
    // Format characters (Unicode category Cf): bidi controls such as U+202E would show the name
    // reversed and hide its real extension; zero-width ones make two names look alike.
    .replace(/\p{Cf}/gu, '')
    .replace(/^.*[/\\]/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  const suffix = `.${extension}`;
  if (base.toLowerCase().endsWith(suffix)) base = base.slice(0, -suffix.length);
  base = Array.from(base)
    .slice(0, MAX_NAME_LENGTH)
    .join('')
    .replace(/[.\s]+$/, '');
  return base === '' ? undefined : base + suffix;
}

/**
 * `Content-Disposition` for a sanitised name (RFC 6266): an ASCII `filename` always, and
 * `filename*` with the UTF-8 name when it is not plain ASCII.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[%\\"]/g, '_');
  if (ascii === filename) return `attachment; filename="${filename}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The request's `filename` option, sanitised, or a 400 if nothing usable remains. */
export function requestedFilename(name: string, extension: 'csv' | 'tsv'): string {
  const safe = sanitizeFilename(name, extension);
  if (!safe) throw invalidOption('filename', 'The query option "filename" has no usable characters.');
  return safe;
}
