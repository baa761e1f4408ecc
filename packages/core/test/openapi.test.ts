import { readdir, readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as z from 'zod/mini';
import { employeeSchema } from '../src/employee.js';
import {
  createCsvHandler,
  type HandlerOptions,
  type OpenApiDocument,
  openApiDocument,
  PROBLEM_KINDS,
  toCsv,
} from '../src/index.js';

const seed = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];

/** Validates against the OpenAPI 3.1 schema, and resolves every `$ref` (which throws on a dangling one). */
async function validate(document: OpenApiDocument) {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  expect(result.errors).toBeUndefined();
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
  return validator.resolveRefs() as OpenApiDocument;
}

/** A JSON Schema validator for the document's schemas, `#/components/schemas/...` resolvable. */
function schemaChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'doc', components: document.components }, 'doc');
  return (pointer: string, value: unknown) => {
    const check = ajv.getSchema(`doc#${pointer}`)!;
    return check(value) ? true : check.errors;
  };
}

const post = (document: OpenApiDocument, path = '/api') => document.paths[path]!.post as any;

describe('openApiDocument', () => {
  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const document = openApiDocument();
    expect(document.openapi).toBe('3.1.0');
    await validate(document);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('describes the employee rows from the zod schema, with the seed as example', async () => {
    const document = openApiDocument({ schema: employeeSchema });
    const row = document.components.schemas!.Row as any;
    expect(Object.keys(row.properties)).toEqual(['name', 'age', 'jobTitle', 'badgeNumber']);
    expect(row.properties.age.type).toBe('integer');
    expect(row.properties.name.type).toBe('string');
    expect(row.required).toEqual(['name', 'age', 'jobTitle', 'badgeNumber']);
    expect(row.$schema).toBeUndefined();

    const body = post(document).requestBody;
    expect(body.required).toBe(true);
    expect(Object.keys(body.content)).toEqual([
      'application/json',
      'application/x-ndjson',
      'application/jsonl',
    ]);
    expect(body.content['application/json'].example).toEqual(seed);
    expect(body.content['application/x-ndjson'].example.split('\n').filter(Boolean).map(JSON.parse)).toEqual(
      seed,
    );

    const ok = post(document).responses['200'];
    expect(Object.keys(ok.content)).toEqual(['text/csv', 'text/tab-separated-values']);
    expect(ok.content['text/csv'].example).toBe(toCsv(seed, { schema: employeeSchema }));
    expect(ok.description).toContain('`Name`, `Age`, `Job Title`, `Badge Number`');
    expect(Object.keys(ok.headers)).toContain('Content-Disposition');

    const check = schemaChecker(document);
    expect(check('/components/schemas/Rows', seed)).toBe(true);
    expect(check('/components/schemas/Rows', [{ ...seed[0], age: 'forty' }])).not.toBe(true);
    expect(check('/components/schemas/Rows', [{ ...seed[0], age: 4.5 }])).not.toBe(true);
  });

  it('states the limits it was given', () => {
    const document = openApiDocument({ maxRows: 10, maxBodyBytes: 2048 });
    expect((document.components.schemas!.Rows as any).maxItems).toBe(10);
    expect(post(document).requestBody.description).toContain('2048 bytes and 10 rows');
  });

  it('lists every problem type, each under a response of its status', async () => {
    const document = openApiDocument();
    const types = (document.components.schemas!.Problem as any).properties.type.enum;
    expect(types).toEqual(Object.keys(PROBLEM_KINDS).map((kind) => `urn:csvfn:problem:${kind}`));

    const responses = document.components.responses as Record<string, any>;
    for (const [kind, { status }] of Object.entries(PROBLEM_KINDS)) {
      const holders = Object.values(responses).filter((response) =>
        response.content['application/problem+json'].schema.allOf[1].properties.type.enum.includes(
          `urn:csvfn:problem:${kind}`,
        ),
      );
      expect(holders, kind).toHaveLength(1);
      const media = holders[0].content['application/problem+json'];
      expect(media.schema.allOf[1].properties.status.const).toBe(status);
      expect(holders[0].description).toContain(`urn:csvfn:problem:${kind}`);
      // Every example is a valid problem of its own kind.
      const check = schemaChecker(document);
      expect(check('/components/schemas/Problem', media.examples[kind].value)).toBe(true);
      expect(media.examples[kind].value.status).toBe(status);
    }
    expect(responses.MethodNotAllowed.headers.Allow).toBeDefined();
    expect(responses.TooManyRequests.headers['Retry-After']).toBeDefined();
  });

  it('lists on POST the problems POST can give: 401 only with API keys, 429 only with a rate limit', async () => {
    const plain = Object.keys(post(openApiDocument()).responses);
    expect(plain).toEqual(['200', '400', '406', '413', '415', '422', '500']);
    expect(post(openApiDocument()).security).toBeUndefined();

    const guarded = openApiDocument({ apiKeys: ['k'], rateLimit: () => ({ allowed: true }) });
    expect(Object.keys(post(guarded).responses)).toEqual([
      '200',
      '400',
      '401',
      '406',
      '413',
      '415',
      '422',
      '429',
      '500',
    ]);
    expect(post(guarded).security).toEqual([{ apiKey: [] }]);
    expect(guarded.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    await validate(guarded);
  });

  it('documents the query options the server allows, with its defaults', async () => {
    const names = (options: HandlerOptions) =>
      post(openApiDocument(options)).parameters.map((parameter: any) => parameter.name);
    expect(names({})).toEqual(['delimiter', 'header', 'bom', 'eol', 'filename']);
    expect(names({ allowQueryOptions: false })).toEqual([]);
    expect(names({ allowQueryOptions: ['bom', 'delimiter'] })).toEqual(['delimiter', 'bom']);

    const document = openApiDocument({
      delimiter: ';',
      header: false,
      bom: true,
      eol: 'lf',
      filename: 'staff',
    });
    const defaults = Object.fromEntries(
      post(document).parameters.map((parameter: any) => [parameter.name, parameter.schema.default]),
    );
    expect(defaults).toEqual({ delimiter: ';', header: false, bom: true, eol: 'lf', filename: 'staff' });
    expect(post(document).parameters.every((parameter: any) => parameter.in === 'query')).toBe(true);
    await validate(document);
  });

  it('takes any zod schema: titles, optional and nullable fields, enums, recursion', async () => {
    const Person: any = zc.object({
      id: zc.string().meta({ title: 'ID' }),
      get manager() {
        return Person.optional();
      },
    });
    const schema = zc.object({
      person: Person,
      team: zc.enum(['red', 'blue']),
      note: zc.string().nullable().optional(),
      joined: zc.date(),
    });
    const document = openApiDocument({ schema }, { path: '/convert', title: 'Staff', version: '2.1.0' });
    const resolved = await validate(document);
    expect(document.info).toMatchObject({ title: 'Staff', version: '2.1.0' });
    expect(Object.keys(document.paths)).toEqual(['/convert']);

    const schemas = document.components.schemas as Record<string, any>;
    expect(Object.keys(schemas.Row.properties)).toEqual(['person', 'team', 'note', 'joined']);
    expect(schemas.Row.required).toEqual(['person', 'team', 'joined']);
    expect(schemas.Row.properties.team.enum).toEqual(['red', 'blue']);
    // zod's $defs for the recursive type are moved into the components, and point there.
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.some((ref) => ref.includes('#/$defs/'))).toBe(false);
    expect(Object.keys(schemas).some((name) => name.startsWith('Row.'))).toBe(true);
    expect(resolved.paths['/convert']).toBeDefined();

    const check = schemaChecker(document);
    const good = { person: { id: 'a', manager: { id: 'b' } }, team: 'red', joined: '2024-01-01' };
    expect(check('/components/schemas/Row', good)).toBe(true);
    expect(check('/components/schemas/Row', { ...good, person: { manager: {} } })).not.toBe(true);
    expect(check('/components/schemas/Row', { ...good, team: 'green' })).not.toBe(true);
  });

  it('a recursive root schema points at Row', async () => {
    const Tree: any = zc.object({
      label: zc.string(),
      get children() {
        return zc.array(Tree).optional();
      },
    });
    const document = openApiDocument({ schema: Tree });
    await validate(document);
    expect(JSON.stringify(document.components.schemas)).toContain('"$ref":"#/components/schemas/Row"');
  });

  it('describes free-form rows in schema-less mode', async () => {
    const document = openApiDocument({ schema: false });
    expect(document.components.schemas!.Row).toMatchObject({ type: 'object', additionalProperties: true });
    expect(post(document).responses['200'].description).toContain('columns from the rows');
    await validate(document);
  });

  it('labels the columns from .meta({ title }) and the columns option', () => {
    const schema = z.object({
      id: z.string().register(z.globalRegistry, { title: 'Staff ID' }),
      age: z.int(),
    });
    expect(post(openApiDocument({ schema })).responses['200'].description).toContain('`Staff ID`, `Age`');
    expect(
      post(openApiDocument({ schema, columns: [{ key: 'age', label: 'Years' }] })).responses['200']
        .description,
    ).toContain('columns `Years`,');
  });

  it("matches the handler's real answers", async () => {
    const options: HandlerOptions = { schema: employeeSchema, logger: false, maxRows: 5 };
    const document = openApiDocument(options);
    const resolved = await validate(document);
    const check = schemaChecker(document);
    const app = createCsvHandler(options);
    const responseSchema = (status: number) => {
      const reference = post(document).responses[String(status)].$ref as string;
      return `${reference.slice(1)}/content/application~1problem+json/schema`;
    };

    const cases: Array<[RequestInit & { url?: string }, number]> = [
      [{ body: '[{"name":' }, 400],
      [{ body: '{}' }, 400],
      [{ body: '[]', url: 'http://x/api?eol=cr' }, 400],
      [{ body: '[]', headers: { accept: 'application/json' } }, 406],
      [{ body: JSON.stringify(Array(6).fill(seed[0])) }, 413],
      [{ body: '[]', headers: { 'content-type': 'text/plain' } }, 415],
      [{ body: '[]', headers: { 'content-encoding': 'br' } }, 415],
      [{ body: JSON.stringify([seed[0], { ...seed[1], age: 'x' }]) }, 422],
    ];
    for (const [{ url, ...init }, status] of cases) {
      const headers = { 'content-type': 'application/json', ...(init.headers as Record<string, string>) };
      const response = await app(new Request(url ?? 'http://x/api', { method: 'POST', ...init, headers }));
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await response.json();
      expect(check(responseSchema(status), problem), JSON.stringify(problem)).toBe(true);
    }

    const ok = await app(
      new Request('http://x/api', {
        method: 'POST',
        body: JSON.stringify(seed),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(await ok.text()).toBe(post(resolved).responses['200'].content['text/csv'].example);
    for (const name of Object.keys(post(resolved).responses['200'].headers))
      expect(ok.headers.has(name), name).toBe(true);

    const get = await app(new Request('http://x/api'));
    const problem = await get.json();
    const reference = '/components/responses/MethodNotAllowed/content/application~1problem+json/schema';
    expect(check(reference, problem)).toBe(true);
  });

  it('keeps the JSON Schema generator to openapi.ts, off the handler’s import path', async () => {
    const sourceDir = new URL('../src/', import.meta.url);
    const files = (await readdir(sourceDir, { recursive: true })).filter((file) => file.endsWith('.ts'));
    const importers: string[] = [];
    for (const file of files) {
      const text = await readFile(new URL(file, sourceDir), 'utf8');
      // An import of zod's generator (employee.ts only names zod's per-schema hook, a property).
      if (/import[^;]*\btoJSONSchema\b|from '\.\/(http\/)?openapi\.js'/.test(text)) importers.push(file);
    }
    expect(importers.sort()).toEqual(['http/openapi.ts', 'index.ts']);
  });

  describe('the example rows', () => {
    it('are made from any schema, and the handler converts them (the playground sends them first)', async () => {
      const orderSchema = zc.object({
        id: zc.int().min(1000),
        placed: zc.iso.datetime(),
        status: zc.enum(['open', 'shipped']),
        customer: zc.object({ name: zc.string().min(12), email: zc.email() }),
        items: zc.array(zc.object({ sku: zc.string(), qty: zc.int().positive(), price: zc.number() })).min(1),
        note: zc.string().nullable(),
      });
      const options: HandlerOptions = {
        schema: orderSchema,
        unwind: ['items'],
        delimiter: ';',
        logger: false,
      };
      const post = openApiDocument(options).paths['/api']!.post as any;
      const rows = post.requestBody.content['application/json'].example;
      expect(rows).toHaveLength(1);
      const response = await createCsvHandler(options)(
        new Request('http://x/api', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(rows),
        }),
      );
      expect(response.status).toBe(200);
      const csv = await response.text();
      expect(csv.split('\r\n')[0]).toBe(
        'Id;Placed;Status;Customer Name;Customer Email;Items Sku;Items Qty;Items Price;Note',
      );
      expect(post.responses['200'].content['text/csv'].example).toBe(csv);
    });
  });
});
