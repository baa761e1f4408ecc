/**
 * A stand-in for `@csvfn/core`'s handler, just enough of the contract to exercise the adapter:
 * JSON rows in, CSV out; query options `delimiter` and `bom`; TSV by Accept; problems as JSON.
 */
export async function csvApp(request: Request): Promise<Response> {
  const problem = (status: number, kind: string, detail: string) =>
    new Response(JSON.stringify({ type: `urn:csvfn:problem:${kind}`, title: kind, status, detail }), {
      status,
      headers: { 'content-type': 'application/problem+json' },
    });
  if (request.method !== 'POST') return problem(405, 'method-not-allowed', 'Only POST requests are allowed.');
  const url = new URL(request.url);
  let rows: unknown;
  try {
    rows = JSON.parse(new TextDecoder().decode(await request.arrayBuffer()));
  } catch {
    return problem(400, 'invalid-json', 'The body is not JSON.');
  }
  if (!Array.isArray(rows)) return problem(400, 'not-an-array', 'The body is not an array.');
  const invalid = rows.filter((row) => typeof row?.name !== 'string').length;
  if (invalid > 0) return problem(422, 'invalid-rows', `${invalid} of ${rows.length} rows are invalid`);
  const tsv = request.headers.get('accept') === 'text/tab-separated-values';
  const delimiter = tsv ? '\t' : (url.searchParams.get('delimiter') ?? ',');
  const lines = ['Name', ...rows.map((row) => row.name)].map((name) => `${name}${delimiter}`);
  const csv = `${url.searchParams.get('bom') === 'true' ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
  return new Response(csv, {
    headers: {
      'content-type': tsv
        ? 'text/tab-separated-values; charset=utf-8'
        : 'text/csv; charset=utf-8; header=present',
      'content-disposition': 'attachment; filename="data.csv"',
    },
  });
}
