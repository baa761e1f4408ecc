/**
 * The OpenAPI 3.1 document of a csvfn function, built from its options: the row schema (through
 * zod's own JSON Schema), the limits, the query options it allows, and every problem type.
 * Only this module imports zod's JSON Schema generator, so a bundle that never calls
 * {@link openApiDocument} does not carry it.
 */
import { type $ZodType, toJSONSchema } from 'zod/v4/core';
import { CsvConverter } from '../convert.js';
import { metadataOf } from '../metadata.js';
import type { RowSchema } from '../schema.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ROWS, type HandlerOptions } from './contract.js';
import { exampleOf } from './exampleRow.js';
import { QUERY_OPTIONS, type QueryOption } from './negotiate.js';
import { INTERNAL_DETAIL, PROBLEM_KINDS, type ProblemKind } from './problem.js';

/** Where and under what name the document describes the function. */
export interface OpenApiOptions {
  /** The path the function is served at. Default `/api`. */
  path?: string;
  /** `info.title`. Default `csvfn`. */
  title?: string;
  /** `info.version`, the version of this API (not of csvfn). Default `1.0.0`. */
  version?: string;
  /** `servers`; left out by default, which means "this host". */
  servers?: ReadonlyArray<{ url: string; description?: string }>;
}

/** An OpenAPI 3.1 document, as plain JSON-ready data. */
export interface OpenApiDocument {
  /** The OpenAPI version, `3.1.0`. */
  openapi: '3.1.0';
  /** The API's title, version and description. */
  info: { title: string; version: string; description: string };
  /** The function's path, with its `POST` and `OPTIONS` operations. */
  paths: Record<string, Record<string, unknown>>;
  /** The row schema and the problem schema, as JSON Schema. */
  components: Record<string, Record<string, unknown>>;
  [field: string]: unknown;
}

type Json = Record<string, unknown>;
type JSONSchemaMeta =
  NonNullable<Parameters<typeof toJSONSchema>[1]> extends infer P
    ? P extends { metadata?: infer M }
      ? M
      : never
    : never;

const PROBLEM_URN = 'urn:csvfn:problem:';
const ROW = '#/components/schemas/Row';

/** Response component names for each problem status. */
const STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  413: 'ContentTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  500: 'InternalServerError',
};

/**
 * Headers that some problem answers carry. Built on call: a top-level object built by calls would
 * be kept (and built at import) by a bundler in every handler bundle, documented or not.
 */
const problemHeaders = (): Record<number, Json> => ({
  401: { 'WWW-Authenticate': header('`Bearer`: the scheme the API key is sent in.', 'Bearer') },
  405: { Allow: header('The methods this function answers.', 'POST, OPTIONS') },
  415: {
    'Accept-Post': header('The request body types accepted (with a 415 for Content-Type).'),
    'Accept-Encoding': header('The content codings accepted (with a 415 for Content-Encoding).'),
  },
  429: {
    'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
  },
});

/** A sample answer per kind, for the examples; any kind left out gets its title as the detail. */
const EXAMPLES: Partial<Record<ProblemKind, Json>> = {
  'bad-request': { detail: 'The request body could not be read.' },
  'invalid-json': { detail: 'Unexpected end of input at line 1, column 42.', line: 1, column: 42 },
  'invalid-body': { detail: 'Expected a JSON array of objects, received object.' },
  'invalid-utf8': { detail: 'The body is not valid UTF-8.' },
  'invalid-gzip': { detail: 'The body is marked Content-Encoding: gzip but is not a valid gzip stream.' },
  'invalid-option': { detail: 'The query option "eol" must be crlf or lf.', option: 'eol' },
  unauthorized: { detail: 'Send a valid API key as Authorization: Bearer <key>.' },
  'method-not-allowed': { detail: 'Only POST requests are allowed.' },
  'unsupported-encoding': { detail: 'Content-Encoding br is not accepted; send identity or gzip.' },
  'invalid-rows': {
    detail: '1 of 2 rows is invalid',
    errors: [{ pointer: '/1/age', message: 'Expected number, received string' }],
    errorCount: 1,
  },
  'rate-limited': { detail: 'Too many requests; retry after 30 seconds.' },
  internal: { detail: INTERNAL_DETAIL, requestId: '5f0c6c52-8a59-4c1e-9d64-0e1d0e0f6a70' },
};

const SEED_ROWS = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];

/** Whether the converter's columns are exactly the seed's fields (the employee schema, or one like it). */
function fitsSeed(converter: CsvConverter): boolean {
  return converter.columns.map((column) => column.key).join() === Object.keys(SEED_ROWS[0]!).join();
}

/**
 * The OpenAPI 3.1 document for `createCsvHandler(options)`: pass the same options, and the
 * document states that handler's schema, limits, allowed query options and security.
 *
 * @example
 * import { openApiDocument } from '@csvfn/core';
 * const doc = openApiDocument({ maxRows: 10_000 }, { path: '/api' });
 * new Response(JSON.stringify(doc), { headers: { 'Content-Type': 'application/json' } });
 */
export function openApiDocument(options: HandlerOptions = {}, doc: OpenApiOptions = {}): OpenApiDocument {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const schema = options.schema || undefined;
  const converter = new CsvConverter(options);
  const columns = converter.columns.map((column) => column.label);
  const secured = Boolean(options.apiKeys && options.apiKeys.length > 0);

  const rowSchemas = schema ? rowJsonSchemas(schema) : { Row: schemaLessRow() };
  const sample = sampleOf(converter, schema, rowSchemas);
  const problemStatuses = [...new Set(Object.values(PROBLEM_KINDS).map((kind) => kind.status))];
  const postStatuses = problemStatuses.filter(
    (status) =>
      status !== 405 && (status !== 401 || secured) && (status !== 429 || options.rateLimit !== undefined),
  );

  const ndjson = {
    schema: {
      $ref: ROW,
      description:
        'One Row object per line (newline-delimited JSON); blank lines are skipped and CRLF is allowed.',
    },
    ...(sample ? { example: `${sample.rows.map((row) => JSON.stringify(row)).join('\n')}\n` } : {}),
  };
  const post: Json = {
    operationId: 'convertToCsv',
    summary: 'Convert JSON rows to CSV',
    description: [
      'Send a JSON array of objects (validated whole before the first byte of CSV is sent) or',
      'newline-delimited JSON (converted as it arrives, so the CSV streams back). A streamed body',
      'whose row fails the schema after the CSV has started ends the response body with an error,',
      'since the `200` has already been sent. The body may be gzip (`Content-Encoding: gzip`); the',
      `limit of ${maxBodyBytes} bytes counts decompressed bytes, and at most ${maxRows} rows are`,
      'accepted. A leading UTF-8 byte-order mark is skipped.',
    ].join(' '),
    parameters: queryParameters(options),
    requestBody: {
      required: true,
      description: `Rows, as UTF-8 JSON. At most ${maxBodyBytes} bytes and ${maxRows} rows.`,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Rows' },
          ...(sample ? { example: sample.rows } : {}),
        },
        'application/x-ndjson': ndjson,
        'application/jsonl': ndjson,
      },
    },
    responses: {
      200: {
        description: `The CSV: RFC 4180, one record per row, ${
          schema ? `columns ${columns.map((label) => `\`${label}\``).join(', ')}` : 'columns from the rows'
        }, a header row first unless \`header=false\`. \`Accept: text/tab-separated-values\` gives TSV.`,
        headers: {
          'Content-Disposition': header(
            'Always an attachment, with the sanitised file name (RFC 6266).',
            'attachment; filename="data.csv"',
          ),
          'Cache-Control': header('Never cached.', 'no-store'),
          'X-Content-Type-Options': header('Never sniffed.', 'nosniff'),
        },
        content: {
          'text/csv': {
            schema: { type: 'string' },
            ...(sample ? { example: sample.csv } : {}),
          },
          'text/tab-separated-values': { schema: { type: 'string' } },
        },
      },
      ...Object.fromEntries(
        postStatuses.map((status) => [status, { $ref: `#/components/responses/${STATUS_NAMES[status]}` }]),
      ),
    },
  };
  if (secured) post.security = [{ apiKey: [] }];

  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: doc.title ?? 'csvfn',
      version: doc.version ?? '1.0.0',
      description: [
        'POST a JSON array of objects, get back a CSV file: one row per object, one column per field',
        'of the schema, a header row first. Every error is an RFC 9457 problem (`application/problem+json`)',
        `with a stable \`type\` (\`${PROBLEM_URN}<kind>\`). Any method but POST and OPTIONS answers 405`,
        '(`MethodNotAllowed`).',
      ].join(' '),
    },
    ...(doc.servers ? { servers: doc.servers.map((server) => ({ ...server })) } : {}),
    paths: {
      [doc.path ?? '/api']: {
        post,
        options: {
          operationId: 'corsPreflight',
          summary: 'CORS preflight',
          responses: {
            204: {
              description: 'No content; CORS headers when the origin is allowed.',
              headers: { Allow: header('The methods this function answers.', 'POST, OPTIONS') },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        ...rowSchemas,
        Rows: {
          type: 'array',
          items: { $ref: ROW },
          maxItems: maxRows,
          description: 'The rows; an empty array gives the header row alone.',
        },
        Problem: problemSchema(),
        RowIssue: {
          type: 'object',
          description: 'One way a row failed the schema.',
          properties: {
            pointer: {
              type: 'string',
              description:
                'RFC 6901 JSON Pointer into the request body: `/1/age` is the `age` of the second row.',
            },
            message: { type: 'string' },
          },
          required: ['pointer', 'message'],
        },
      },
      responses: Object.fromEntries(
        problemStatuses.map((status) => [STATUS_NAMES[status] ?? `Status${status}`, problemResponse(status)]),
      ),
      ...(secured
        ? {
            securitySchemes: {
              apiKey: {
                type: 'http',
                scheme: 'bearer',
                description: 'An API key, sent as `Authorization: Bearer <key>`.',
              },
            },
          }
        : {}),
    },
  };
  return document;
}

/**
 * The example rows of the document and their CSV: the seed's for the employee schema, a row made
 * from any other schema (so a client such as the playground can convert on its first try), the
 * seed's when schema-less. Left out if the converter would refuse them.
 */
function sampleOf(
  converter: CsvConverter,
  schema: RowSchema | undefined,
  rowSchemas: Record<string, Json>,
): { rows: unknown[]; csv: string } | undefined {
  const rows =
    !schema || fitsSeed(converter)
      ? SEED_ROWS
      : [exampleOf(rowSchemas.Row, rowSchemas)].filter((row) => row !== undefined);
  if (rows.length === 0) return undefined;
  try {
    return { rows, csv: converter.toCsv(rows) };
  } catch {
    return undefined;
  }
}

function header(description: string, example?: string): Json {
  return { description, schema: { type: 'string' }, ...(example === undefined ? {} : { example }) };
}

function queryParameters(options: HandlerOptions): Json[] {
  const allowed = options.allowQueryOptions ?? true;
  const isAllowed = (name: QueryOption) => allowed === true || (allowed !== false && allowed.includes(name));
  const parameters: Record<QueryOption, Json> = {
    delimiter: {
      description: 'Field separator (URL-encoded: `%2C`, `%3B`, `%7C`, `%09`), or its name. Ignored for TSV.',
      schema: {
        type: 'string',
        enum: [',', ';', '\t', '|', 'comma', 'semicolon', 'tab', 'pipe'],
        default: options.delimiter ?? ',',
      },
    },
    header: {
      description: 'Write the header row.',
      schema: { type: 'boolean', default: options.header ?? true },
    },
    bom: {
      description: 'Start with a UTF-8 byte-order mark (Excel needs it to read UTF-8).',
      schema: { type: 'boolean', default: options.bom ?? false },
    },
    eol: {
      description: 'Record terminator: CRLF (RFC 4180) or LF.',
      schema: { type: 'string', enum: ['crlf', 'lf'], default: options.eol ?? 'crlf' },
    },
    filename: {
      description: 'Download name for `Content-Disposition`; sanitised, `.csv` (or `.tsv`) added.',
      schema: { type: 'string', default: options.filename ?? 'data' },
    },
  };
  return QUERY_OPTIONS.filter(isAllowed).map((name) => ({
    name,
    in: 'query',
    required: false,
    ...parameters[name],
  }));
}

/** The row's JSON Schema (request side), with any `$defs` moved to the document's components. */
function rowJsonSchemas(schema: RowSchema): Record<string, Json> {
  const {
    $schema: _dialect,
    $defs,
    ...row
  } = toJSONSchema(schema as unknown as $ZodType, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    // Titles and descriptions from the registry of the zod copy that made the schema, not ours.
    metadata: { get: metadataOf } as unknown as JSONSchemaMeta,
    override: ({ zodSchema, jsonSchema }) => {
      // A date arrives as JSON text: an ISO 8601 string (what `z.coerce.date()` accepts from JSON).
      if (zodSchema._zod.def.type === 'date')
        Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as Json & { $defs?: Record<string, Json> };
  const schemas: Record<string, Json> = { Row: rewriteRefs(row) as Json };
  for (const [name, definition] of Object.entries($defs ?? {}))
    schemas[`Row.${name}`] = rewriteRefs(definition) as Json;
  return schemas;
}

/** `#/$defs/X` -> `#/components/schemas/Row.X`, and the root (`#`) -> `Row`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$ref' && typeof inner === 'string') {
      out[key] = inner === '#' ? ROW : inner.replace(/^#\/\$defs\//, '#/components/schemas/Row.');
    } else out[key] = rewriteRefs(inner);
  }
  return out;
}

function schemaLessRow(): Json {
  return {
    type: 'object',
    additionalProperties: true,
    description:
      'Any object. Columns are the union of the rows’ keys in first-seen order; nested objects flatten to dotted keys.',
  };
}

function problemSchema(): Json {
  return {
    type: 'object',
    description: 'RFC 9457 problem details.',
    properties: {
      type: {
        type: 'string',
        enum: (Object.keys(PROBLEM_KINDS) as ProblemKind[]).map((kind) => PROBLEM_URN + kind),
      },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: {
        type: 'array',
        items: { $ref: '#/components/schemas/RowIssue' },
        description: 'The first 100 issues, in row order (`invalid-rows`, `invalid-body`).',
      },
      errorCount: { type: 'integer', description: 'Every issue found, including those not listed.' },
      option: { type: 'string', description: 'The query option at fault (`invalid-option`).' },
      line: { type: 'integer', description: 'Where the JSON goes wrong, 1-based (`invalid-json`).' },
      column: { type: 'integer', description: 'Where the JSON goes wrong, 1-based (`invalid-json`).' },
      maxBodyBytes: { type: 'integer', description: 'The body limit (`body-too-large`).' },
      maxRows: { type: 'integer', description: 'The row limit (`too-many-rows`).' },
      requestId: { type: 'string', description: 'The request id to quote when reporting a `500`.' },
    },
    required: ['type', 'title', 'status', 'detail'],
  };
}

function problemResponse(status: number): Json {
  const headers = problemHeaders()[status];
  const kinds = (Object.keys(PROBLEM_KINDS) as ProblemKind[]).filter(
    (kind) => PROBLEM_KINDS[kind].status === status,
  );
  return {
    description: kinds.map((kind) => `\`${PROBLEM_URN}${kind}\`: ${PROBLEM_KINDS[kind].title}.`).join(' '),
    ...(headers ? { headers } : {}),
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Problem' },
            {
              properties: {
                type: { enum: kinds.map((kind) => PROBLEM_URN + kind) },
                status: { const: status },
              },
            },
          ],
        },
        examples: Object.fromEntries(
          kinds.map((kind) => [
            kind,
            {
              summary: PROBLEM_KINDS[kind].title,
              value: {
                type: PROBLEM_URN + kind,
                title: PROBLEM_KINDS[kind].title,
                status,
                detail: PROBLEM_KINDS[kind].title,
                ...EXAMPLES[kind],
              },
            },
          ]),
        ),
      },
    },
  };
}
