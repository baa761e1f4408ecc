/** How `convert` sends its rows. */
export interface BodyOptions {
  /**
   * Send the rows as NDJSON (`application/x-ndjson`), one object a line, instead of one JSON
   * array: the function converts them as they arrive and streams the CSV back.
   */
  ndjson?: boolean;
  /**
   * Compress the body with gzip (`Content-Encoding: gzip`), through the platform's
   * `CompressionStream` (browsers, Workers, Deno, Bun, Node 18+). Where it is missing, `convert`
   * rejects with a `TypeError` rather than send the body uncompressed.
   */
  gzip?: boolean;
}

/** The body of a `convert` request, and the headers that say what it is. */
export async function requestBody(
  rows: readonly unknown[],
  { ndjson = false, gzip = false }: BodyOptions,
): Promise<{ body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> }> {
  // JSON.stringify escapes every line break inside a value, so one row is always one line.
  const text = ndjson ? rows.map((row) => `${JSON.stringify(row)}\n`).join('') : JSON.stringify(rows);
  const headers: Record<string, string> = {
    'content-type': ndjson ? 'application/x-ndjson' : 'application/json',
  };
  if (!gzip) return { body: text, headers };
  headers['content-encoding'] = 'gzip';
  return { body: await gzipped(text), headers };
}

/**
 * The gzip of `text`, whole. Buffered rather than streamed: a streamed request body needs
 * `duplex: 'half'`, and browsers send one only over HTTP/2.
 */
async function gzipped(text: string): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof CompressionStream !== 'function')
    throw new TypeError('@csvfn/client: gzip needs CompressionStream, which this runtime lacks.');
  const compressed = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}
