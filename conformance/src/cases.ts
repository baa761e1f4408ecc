import { gzipSync } from 'node:zlib';
import type { ProblemKind } from '@csvfn/core';
import type { AppName } from './app.js';
import type { WireResponse } from './target.js';

/**
 * The contract (docs/contract.md) as data: request -> expected answer. Expected bodies are
 * written from the contract by hand, never copied from csvfn's output. Every target runs every
 * case, and its answer must also match the reference target's byte for byte.
 */
export interface ConformanceCase {
  name: string;
  /** Which configuration of the handler (see app.ts). Default `employee`. */
  app?: AppName;
  request: {
    method?: string; // default POST
    query?: string; // e.g. `?delimiter=%3B`
    headers?: Record<string, string>;
    /** A JSON body (sent with `Content-Type: application/json` unless headers say otherwise). */
    json?: unknown;
    text?: string;
    bytes?: Uint8Array;
    chunked?: boolean;
  };
  expect: {
    status: number;
    /** Exact header values; `null`: the header must be absent. */
    headers?: Record<string, string | null>;
    /** The exact body. */
    body?: string | Uint8Array;
    /** For error answers: the problem kind, and members the body must have (exact values). */
    problem?: { kind: ProblemKind } & Record<string, unknown>;
    /** What data cannot say. */
    check?: (response: WireResponse) => void;
  };
}

const CSV_HEADERS = {
  'content-type': 'text/csv; charset=utf-8; header=present',
  'content-disposition': 'attachment; filename="data.csv"',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

const seedRows = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
const SEED_CSV =
  'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n';
const HEADER = 'Name,Age,Job Title,Badge Number\r\n';
const employee = (name: string, jobTitle = 'Dev') => ({ name, age: 30, jobTitle, badgeNumber: 1 });
const ndjson = (rows: unknown[], eol = '\n') => rows.map((row) => JSON.stringify(row)).join(eol) + eol;

export const cases: ConformanceCase[] = [
  // --- The job -------------------------------------------------------------------------------
  {
    name: "the seed's request",
    request: { json: seedRows },
    expect: { status: 200, headers: CSV_HEADERS, body: SEED_CSV },
  },
  {
    name: 'an empty array gives the header only',
    request: { json: [] },
    expect: { status: 200, body: HEADER },
  },
  {
    name: 'no Content-Type is read as JSON',
    request: { text: JSON.stringify(seedRows) },
    expect: { status: 200, body: SEED_CSV },
  },
  {
    name: 'application/*+json with charset utf-8',
    request: {
      text: JSON.stringify(seedRows),
      headers: { 'content-type': 'application/vnd.acme+json; charset="UTF-8"' },
    },
    expect: { status: 200, body: SEED_CSV },
  },
  {
    name: 'a chunked body',
    request: { json: seedRows, chunked: true },
    expect: { status: 200, body: SEED_CSV },
  },
  {
    name: 'a leading byte-order mark is skipped',
    request: {
      bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(seedRows))]),
      headers: { 'content-type': 'application/json' },
    },
    expect: { status: 200, body: SEED_CSV },
  },
  {
    name: 'UTF-8 text passes through',
    request: { json: [employee('Zoë Ångström 😀 名前', 'Ingénieur')] },
    expect: { status: 200, body: `${HEADER}Zoë Ångström 😀 名前,30,Ingénieur,1\r\n` },
  },
  {
    name: 'quoting: delimiter, quote, CR, LF, semicolon, TAB, outer whitespace',
    request: {
      json: [
        employee('Doe, John', 'says "hi"'),
        employee('a\r\nb', 'x;y'),
        employee('tab\there', ' padded '),
        employee('plain', 'trailing '),
      ],
    },
    expect: {
      status: 200,
      body: `${HEADER}"Doe, John",30,"says ""hi""",1\r\n"a\r\nb",30,"x;y",1\r\n"tab\there",30," padded ",1\r\nplain,30,"trailing ",1\r\n`,
    },
  },
  {
    name: 'unwind: one record per array element, the parent repeated; an empty array one record',
    app: 'unwound',
    request: {
      json: [
        {
          id: 1,
          items: [
            { sku: 'A', qty: 2 },
            { sku: 'B', qty: 1 },
          ],
        },
        { id: 2, items: [] },
      ],
    },
    expect: {
      status: 200,
      headers: CSV_HEADERS,
      body: 'id,items.sku,items.qty\r\n1,A,2\r\n1,B,1\r\n2,,\r\n',
    },
  },
  {
    name: 'a row whose cells are all empty is kept',
    app: 'schemaless',
    request: {
      json: [
        { a: '', b: null },
        { a: 'x', b: 'y' },
      ],
    },
    expect: { status: 200, body: 'a,b\r\n,\r\nx,y\r\n' },
  },
  {
    name: 'a one-column row whose cell is empty is kept as "" (not a blank line)',
    app: 'schemaless',
    request: { json: [{ a: '' }, { a: 'x' }] },
    expect: { status: 200, body: 'a\r\n""\r\nx\r\n' },
  },
  {
    name: 'values: booleans, null, missing optionals, numbers, dates in UTC, nested JSON',
    app: 'typed',
    request: {
      json: [
        {
          id: 7,
          label: 'a',
          score: 0.1,
          active: true,
          note: null,
          when: '2024-02-29T23:30:00-02:00',
          extra: { k: [1, 'two'] },
        },
        { id: -0, label: 'b', score: 1e21, active: false, note: 'n', extra: ['x,y'] },
        { id: 9007199254740991, label: 'c', score: -1.5e-7, active: true, note: null, extra: 'str' },
      ],
    },
    expect: {
      status: 200,
      body:
        `Id,"'=Label",Score,Active,Note,When,Extra\r\n` +
        '7,a,0.1,true,,2024-03-01T01:30:00.000Z,"{""k"":[1,""two""]}"\r\n' +
        '0,b,1e+21,false,n,,"[""x,y""]"\r\n' +
        '9007199254740991,c,-1.5e-7,true,,,str\r\n',
    },
  },
  // --- Formula injection ----------------------------------------------------------------------
  {
    name: 'formulas are defused: = + - @ TAB CR LF NUL and fullwidth, quoted, nothing stripped',
    request: {
      json: [
        employee('=HYPERLINK("http://x")', '+1+1'),
        employee('-2+3', '@SUM(A1)'),
        employee('\tTAB', '\rCR'),
        employee('\nLF', '\u0000NUL'),
        employee('＝1+1', '＋1'),
        employee('－1', '＠x'),
      ],
    },
    expect: {
      status: 200,
      body:
        HEADER +
        `"'=HYPERLINK(""http://x"")",30,"'+1+1",1\r\n` +
        `"'-2+3",30,"'@SUM(A1)",1\r\n` +
        `"'\tTAB",30,"'\rCR",1\r\n` +
        `"'\nLF",30,"'\u0000NUL",1\r\n` +
        `"'＝1+1",30,"'＋1",1\r\n` +
        `"'－1",30,"'＠x",1\r\n`,
    },
  },
  {
    name: 'formulas behind leading whitespace are defused too',
    request: { json: [employee('  =1+1', ' \u3000@x')] },
    expect: { status: 200, body: `${HEADER}"'  =1+1",30,"' \u3000@x",1\r\n` },
  },
  {
    name: 'plain decimal numbers in strings and real numbers are never touched',
    request: {
      json: [
        employee('-5', '+3.2'),
        employee('1e5', '-.5'),
        { name: '-0', age: -3, jobTitle: '+1E-9', badgeNumber: -1 },
      ],
    },
    expect: { status: 200, body: `${HEADER}-5,30,+3.2,1\r\n1e5,30,-.5,1\r\n-0,-3,+1E-9,-1\r\n` },
  },
  {
    name: 'escapeFormulas: false leaves formulas as they are (still quoted where needed)',
    app: 'raw',
    request: { json: [employee('=1+1', '@x, y')] },
    expect: { status: 200, body: `${HEADER}=1+1,30,"@x, y",1\r\n` },
  },
  // --- Query options --------------------------------------------------------------------------
  {
    name: 'delimiter ; (and , ; TAB stay quoted whatever the delimiter)',
    request: { json: [employee('a,b', 'c;d')], query: '?delimiter=%3B' },
    expect: { status: 200, body: 'Name;Age;Job Title;Badge Number\r\n"a,b";30;"c;d";1\r\n' },
  },
  {
    name: 'delimiter TAB',
    request: { json: [employee('a b', 'c\td')], query: '?delimiter=%09' },
    expect: { status: 200, body: 'Name\tAge\tJob Title\tBadge Number\r\na b\t30\t"c\td"\t1\r\n' },
  },
  {
    name: 'delimiter | quotes cells that hold a pipe',
    request: { json: [employee('a|b')], query: '?delimiter=%7C' },
    expect: { status: 200, body: 'Name|Age|Job Title|Badge Number\r\n"a|b"|30|Dev|1\r\n' },
  },
  {
    name: 'header=false drops the header row and says header=absent',
    request: { json: seedRows, query: '?header=false' },
    expect: {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8; header=absent' },
      body: 'John Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n',
    },
  },
  {
    name: 'bom=true starts the file with a UTF-8 byte-order mark',
    request: { json: [], query: '?bom=true' },
    expect: { status: 200, body: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(HEADER)]) },
  },
  {
    name: 'eol=lf',
    request: { json: [employee('a\r\nb')], query: '?eol=lf' },
    expect: { status: 200, body: 'Name,Age,Job Title,Badge Number\n"a\r\nb",30,Dev,1\n' },
  },
  {
    name: 'filename: .csv added',
    request: { json: [], query: '?filename=report-2024' },
    expect: { status: 200, headers: { 'content-disposition': 'attachment; filename="report-2024.csv"' } },
  },
  {
    name: 'filename: non-ASCII gets filename* (RFC 6266)',
    request: { json: [], query: '?filename=r%C3%A9sum%C3%A9.csv' },
    expect: {
      status: 200,
      headers: {
        'content-disposition': `attachment; filename="r_sum_.csv"; filename*=UTF-8''r%C3%A9sum%C3%A9.csv`,
      },
    },
  },
  {
    name: 'filename: paths, quotes and header injection are sanitised away',
    request: { json: [], query: '?filename=..%2F..%2Fetc%2F%22pass%0D%0AX-Evil%3A%201%22wd' },
    expect: {
      status: 200,
      headers: { 'content-disposition': 'attachment; filename="passX-Evil 1wd.csv"', 'x-evil': null },
    },
  },
  {
    name: 'unknown query options are ignored',
    request: { json: seedRows, query: '?colour=blue&foo' },
    expect: { status: 200, body: SEED_CSV },
  },
  ...(['delimiter=x', 'header=yes', 'bom=1', 'eol=cr', 'filename=%2F..%2F', 'eol=lf&eol=crlf'] as const).map(
    (query): ConformanceCase => ({
      name: `a bad query option is a 400 naming it: ${query}`,
      request: { json: [], query: `?${query}` },
      expect: { status: 400, problem: { kind: 'invalid-option', option: query.split('=')[0] } },
    }),
  ),
  {
    name: 'server configuration fixes an option: the server value holds, setting it is a 400',
    app: 'fixed',
    request: { json: [employee('x')], query: '?filename=mine' },
    expect: {
      status: 200,
      headers: { 'content-disposition': 'attachment; filename="mine.csv"' },
      body: 'Name;Age;Job Title;Badge Number\r\nx;30;Dev;1\r\n',
    },
  },
  {
    name: 'a fixed option cannot be set from the query',
    app: 'fixed',
    request: { json: [], query: '?delimiter=%2C' },
    expect: { status: 400, problem: { kind: 'invalid-option', option: 'delimiter' } },
  },
  // --- Accept ---------------------------------------------------------------------------------
  ...[
    '*/*',
    'text/*',
    'text/csv',
    'text/csv;q=0.9, text/tab-separated-values;q=0.9',
    'application/json, text/csv;q=0.1',
  ].map(
    (accept): ConformanceCase => ({
      name: `Accept: ${accept} gives CSV`,
      request: { json: seedRows, headers: { accept, 'content-type': 'application/json' } },
      expect: { status: 200, headers: CSV_HEADERS, body: SEED_CSV },
    }),
  ),
  {
    name: 'Accept: text/tab-separated-values gives TSV',
    request: {
      json: [employee('a\tb', 'c,d')],
      headers: { accept: 'text/tab-separated-values', 'content-type': 'application/json' },
    },
    expect: {
      status: 200,
      headers: {
        'content-type': 'text/tab-separated-values; charset=utf-8',
        'content-disposition': 'attachment; filename="data.tsv"',
      },
      body: 'Name\tAge\tJob Title\tBadge Number\r\n"a\tb"\t30\t"c,d"\t1\r\n',
    },
  },
  {
    name: 'Accept: text/csv;q=0 with text/* picks TSV',
    request: { json: [], headers: { accept: 'text/csv;q=0, text/*', 'content-type': 'application/json' } },
    expect: { status: 200, headers: { 'content-type': 'text/tab-separated-values; charset=utf-8' } },
  },
  ...['application/json', 'text/html, image/*', 'text/csv;q=0'].map(
    (accept): ConformanceCase => ({
      name: `Accept: ${accept} is a 406`,
      request: { json: [], headers: { accept, 'content-type': 'application/json' } },
      expect: { status: 406, problem: { kind: 'not-acceptable' } },
    }),
  ),
  // --- Methods --------------------------------------------------------------------------------
  ...['GET', 'PUT', 'DELETE', 'PATCH'].map(
    (method): ConformanceCase => ({
      name: `${method} is a 405 with Allow`,
      request: { method, ...(method === 'GET' ? {} : { json: [] }) },
      expect: {
        status: 405,
        headers: { allow: 'POST, OPTIONS' },
        problem: { kind: 'method-not-allowed', detail: 'Only POST requests are allowed.' },
      },
    }),
  ),
  {
    name: 'OPTIONS answers 204',
    request: { method: 'OPTIONS' },
    expect: {
      status: 204,
      headers: { allow: 'POST, OPTIONS', 'access-control-allow-origin': null },
      body: '',
    },
  },
  {
    name: 'CORS preflight from an allowed origin',
    app: 'cors',
    request: {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    },
    expect: {
      status: 204,
      headers: {
        'access-control-allow-origin': 'https://app.example',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'Accept, Authorization, Content-Encoding, Content-Type',
        'access-control-max-age': '300',
        vary: 'Origin',
      },
    },
  },
  {
    name: 'CORS: a POST from an allowed origin may read the answer',
    app: 'cors',
    request: {
      json: seedRows,
      headers: { origin: 'https://app.example', 'content-type': 'application/json' },
    },
    expect: {
      status: 200,
      headers: {
        'access-control-allow-origin': 'https://app.example',
        'access-control-expose-headers': 'Content-Disposition, Retry-After, Server-Timing',
      },
      body: SEED_CSV,
    },
  },
  {
    name: 'CORS: another origin gets no CORS headers',
    app: 'cors',
    request: { method: 'OPTIONS', headers: { origin: 'https://evil.example' } },
    expect: {
      status: 204,
      headers: { 'access-control-allow-origin': null, 'access-control-allow-methods': null },
    },
  },
  // --- Content-Type and Content-Encoding -------------------------------------------------------
  ...[
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
  ].map(
    (type): ConformanceCase => ({
      name: `Content-Type ${type} is a 415`,
      request: { text: '[]', headers: { 'content-type': type } },
      expect: { status: 415, problem: { kind: 'unsupported-media-type' } },
    }),
  ),
  {
    name: 'the 415 detail says which types are accepted',
    request: { text: '[]', headers: { 'content-type': 'text/csv' } },
    expect: {
      status: 415,
      problem: {
        kind: 'unsupported-media-type',
        detail:
          'Content-Type text/csv is not accepted; send application/json, application/*+json, application/x-ndjson or application/jsonl.',
      },
    },
  },
  ...['br', 'deflate', 'gzip, br', 'compress'].map(
    (encoding): ConformanceCase => ({
      name: `Content-Encoding ${encoding} is a 415`,
      request: { text: '[]', headers: { 'content-type': 'application/json', 'content-encoding': encoding } },
      expect: { status: 415, problem: { kind: 'unsupported-encoding' } },
    }),
  ),
  {
    name: 'Content-Encoding identity is fine',
    request: {
      json: seedRows,
      headers: { 'content-type': 'application/json', 'content-encoding': 'identity' },
    },
    expect: { status: 200, body: SEED_CSV },
  },
  // --- Bad bodies -----------------------------------------------------------------------------
  {
    name: 'invalid JSON is a 400 with line and column',
    request: { text: '[\n  {"name": "x",}\n]', headers: { 'content-type': 'application/json' } },
    expect: { status: 400, problem: { kind: 'invalid-json', line: 2, column: 16 } },
  },
  {
    name: 'truncated JSON is a 400',
    request: { text: '[{"name": "x"', headers: { 'content-type': 'application/json' } },
    expect: { status: 400, problem: { kind: 'invalid-json', line: 1, column: 14 } },
  },
  {
    name: 'an empty body is a 400',
    request: { text: '', headers: { 'content-type': 'application/json' } },
    expect: { status: 400, problem: { kind: 'invalid-json' } },
  },
  {
    name: 'a JSON object is not an array: 400',
    request: { json: { name: 'x' } },
    expect: { status: 400, problem: { kind: 'invalid-body' } },
  },
  {
    name: 'a JSON string is not an array: 400',
    request: { json: 'rows' },
    expect: { status: 400, problem: { kind: 'invalid-body' } },
  },
  {
    name: 'an array of non-objects is a 400 pointing at each',
    request: { json: [employee('ok'), 1, null, [], 'x'] },
    expect: {
      status: 400,
      problem: {
        kind: 'invalid-body',
        errors: [
          { pointer: '/1', message: 'Expected object, received number' },
          { pointer: '/2', message: 'Expected object, received null' },
          { pointer: '/3', message: 'Expected object, received array' },
          { pointer: '/4', message: 'Expected object, received string' },
        ],
      },
    },
  },
  {
    name: 'invalid UTF-8 is a 400',
    request: {
      bytes: new Uint8Array([0x5b, 0x7b, 0x22, 0x6e, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d, 0x5d]),
      headers: { 'content-type': 'application/json' },
    },
    expect: { status: 400, problem: { kind: 'invalid-utf8' } },
  },
  {
    name: 'rows that fail the schema: 422 with a JSON Pointer per issue',
    request: {
      json: [
        employee('ok'),
        { name: 'Al', age: '45', jobTitle: 'Dev', badgeNumber: 1 },
        { name: 'Bo', age: 4.5, jobTitle: 'Dev' },
      ],
    },
    expect: {
      status: 422,
      problem: {
        kind: 'invalid-rows',
        title: 'Rows do not match the schema',
        detail: '2 of 3 rows are invalid',
        errors: [
          { pointer: '/1/age', message: 'Expected number, received string' },
          { pointer: '/2/age', message: 'Expected integer, received number' },
          { pointer: '/2/badgeNumber', message: 'Required' },
        ],
        errorCount: 3,
      },
    },
  },
  {
    name: '422 reports the first 100 issues and the total',
    request: { json: Array.from({ length: 30 }, () => ({})) },
    expect: {
      status: 422,
      problem: { kind: 'invalid-rows', detail: '30 of 30 rows are invalid', errorCount: 120 },
      check: (response) => {
        const body = JSON.parse(new TextDecoder().decode(response.body));
        if (body.errors.length !== 100) throw new Error(`expected 100 errors, got ${body.errors.length}`);
        if (body.errors[99].pointer !== '/24/badgeNumber')
          throw new Error(`last reported: ${body.errors[99].pointer}`);
      },
    },
  },
  {
    name: 'an integer beyond 2^53 is a 422, never rounded silently',
    request: {
      text: '[{"name":"x","age":1,"jobTitle":"y","badgeNumber":12345678901234567890}]',
      headers: { 'content-type': 'application/json' },
    },
    expect: {
      status: 422,
      problem: {
        kind: 'invalid-rows',
        errors: [
          {
            pointer: '/0/badgeNumber',
            message:
              'Integer is beyond 2^53 and cannot be represented exactly (JSON parsing has already rounded it); send it as a string',
          },
        ],
      },
    },
  },
  {
    name: 'every issue of a row is reported',
    app: 'typed',
    request: { json: [{ id: 'x', label: 1, active: true, note: null }] },
    expect: {
      status: 422,
      problem: {
        kind: 'invalid-rows',
        errors: [
          { pointer: '/0/id', message: 'Expected number, received string' },
          { pointer: '/0/label', message: 'Expected string, received number' },
        ],
      },
    },
  },
  // --- Limits ---------------------------------------------------------------------------------
  {
    name: 'a Content-Length over maxBodyBytes is a 413',
    app: 'small',
    request: { text: `[${' '.repeat(300)}]`, headers: { 'content-type': 'application/json' } },
    expect: { status: 413, problem: { kind: 'body-too-large', maxBodyBytes: 256 } },
  },
  {
    name: 'a chunked body that grows past maxBodyBytes is cut off: 413',
    app: 'small',
    request: { text: `[${' '.repeat(300)}]`, headers: { 'content-type': 'application/json' }, chunked: true },
    expect: { status: 413, problem: { kind: 'body-too-large' } },
  },
  {
    name: 'more rows than maxRows is a 413',
    app: 'small',
    request: { json: [{}, {}, {}, {}] },
    expect: { status: 413, problem: { kind: 'too-many-rows', maxRows: 3 } },
  },
  {
    name: 'exactly maxRows is fine',
    app: 'small',
    request: { json: [employee('a'), employee('b'), employee('c')] },
    expect: { status: 200, body: `${HEADER}a,30,Dev,1\r\nb,30,Dev,1\r\nc,30,Dev,1\r\n` },
  },
  // --- gzip -----------------------------------------------------------------------------------
  {
    name: 'a gzip body is decompressed',
    request: {
      bytes: gzip(JSON.stringify(seedRows)),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    },
    expect: { status: 200, body: SEED_CSV },
  },
  {
    name: 'a gzip bomb stops at maxBodyBytes (decompressed): 413',
    app: 'small',
    request: {
      bytes: gzip(`[${' '.repeat(100_000)}]`),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    },
    expect: { status: 413, problem: { kind: 'body-too-large' } },
  },
  {
    name: 'a body marked gzip that is not gzip is a 400',
    request: { text: '[]', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } },
    expect: { status: 400, problem: { kind: 'invalid-gzip' } },
  },
  // --- API key and rate limit -----------------------------------------------------------------
  {
    name: 'API key configured, none sent: 401 with WWW-Authenticate',
    app: 'keyed',
    request: { json: seedRows },
    expect: { status: 401, headers: { 'www-authenticate': 'Bearer' }, problem: { kind: 'unauthorized' } },
  },
  {
    name: 'a wrong API key is a 401',
    app: 'keyed',
    request: {
      json: seedRows,
      headers: { authorization: 'Bearer test-key-on', 'content-type': 'application/json' },
    },
    expect: { status: 401, problem: { kind: 'unauthorized' } },
  },
  {
    name: 'a non-Bearer scheme is a 401',
    app: 'keyed',
    request: {
      json: seedRows,
      headers: { authorization: 'Basic dGVzdC1rZXktb25lOg==', 'content-type': 'application/json' },
    },
    expect: { status: 401, problem: { kind: 'unauthorized' } },
  },
  ...['test-key-one', 'test-key-two'].map(
    (key): ConformanceCase => ({
      name: `a valid API key (${key}) converts`,
      app: 'keyed',
      request: {
        json: seedRows,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      },
      expect: { status: 200, body: SEED_CSV },
    }),
  ),
  {
    name: 'a rate limit refusal is a 429 with Retry-After (whole seconds, rounded up)',
    app: 'limited',
    request: { json: seedRows, headers: { 'x-test-rate': 'over', 'content-type': 'application/json' } },
    expect: { status: 429, headers: { 'retry-after': '30' }, problem: { kind: 'rate-limited' } },
  },
  {
    name: 'under the rate limit converts',
    app: 'limited',
    request: { json: seedRows },
    expect: { status: 200, body: SEED_CSV },
  },
  // --- NDJSON ---------------------------------------------------------------------------------
  {
    name: 'NDJSON (application/x-ndjson)',
    request: { text: ndjson(seedRows), headers: { 'content-type': 'application/x-ndjson' } },
    expect: { status: 200, headers: CSV_HEADERS, body: SEED_CSV },
  },
  {
    name: 'JSON Lines (application/jsonl) with CRLF, blank lines and no final newline',
    request: {
      text: `\r\n${JSON.stringify(seedRows[0])}\r\n\r\n${JSON.stringify(seedRows[1])}`,
      headers: { 'content-type': 'application/jsonl' },
      chunked: true,
    },
    expect: { status: 200, body: SEED_CSV },
  },
  {
    name: 'NDJSON, gzip',
    request: {
      bytes: gzip(ndjson(seedRows)),
      headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
    },
    expect: { status: 200, body: SEED_CSV },
  },
  {
    name: 'NDJSON with an invalid row early: 422 before anything is sent',
    request: {
      text: ndjson([seedRows[0], { ...seedRows[1], age: 'old' }]),
      headers: { 'content-type': 'application/x-ndjson' },
    },
    expect: {
      status: 422,
      problem: {
        kind: 'invalid-rows',
        errors: [{ pointer: '/1/age', message: 'Expected number, received string' }],
      },
    },
  },
  {
    name: 'NDJSON with a bad line: 400 with its line number',
    request: {
      text: `${JSON.stringify(seedRows[0])}\n{"name":\n`,
      headers: { 'content-type': 'application/x-ndjson' },
    },
    expect: { status: 400, problem: { kind: 'invalid-json', line: 2, column: 9 } },
  },
  {
    name: 'NDJSON over maxRows: 413',
    app: 'small',
    request: {
      text: ndjson(['a', 'b', 'c', 'd'].map((name) => employee(name))),
      headers: { 'content-type': 'application/x-ndjson' },
    },
    expect: { status: 413, problem: { kind: 'too-many-rows' } },
  },
  // --- Schema-less ----------------------------------------------------------------------------
  {
    name: 'schema-less: union of keys in first-seen order, nested objects dotted, arrays as JSON',
    app: 'schemaless',
    request: {
      json: [{ b: 1, a: { x: 'y', z: { deep: true } } }, { c: [1, 'two'], b: null }, { a: { x: '=1' } }],
    },
    expect: { status: 200, body: 'b,a.x,a.z.deep,c\r\n1,y,true,\r\n,,,"[1,""two""]"\r\n,"\'=1",,\r\n' },
  },
  {
    name: 'schema-less: header labels are formula-escaped too',
    app: 'schemaless',
    request: { json: [{ '=cmd': 1, '@x': 'ok' }] },
    expect: { status: 200, body: `"'=cmd","'@x"\r\n1,ok\r\n` },
  },
  {
    name: 'schema-less: __proto__ keys are plain data',
    app: 'schemaless',
    request: {
      text: '[{"__proto__":{"polluted":1},"a":1}]',
      headers: { 'content-type': 'application/json' },
    },
    expect: { status: 200, body: '__proto__.polluted,a\r\n1,1\r\n' },
  },
];

function gzip(text: string): Uint8Array {
  return new Uint8Array(gzipSync(new TextEncoder().encode(text)));
}
