import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handle, streamHandle } from '@csvfn/adapter-lambda';
import { createCsvHandler, toCsv } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { type LocalLambda, startLocalLambda } from '@csvfn/lambda-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, runCli } from './cli.js';

const seed = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
const employees = join(PACKAGE_DIR, 'test', 'fixtures', 'employees.json');
const NO_STACK = /\n\s+at .+:\d+:\d+/;

// No AWS account here: the CLI talks to the local Lambda of @csvfn/lambda-local, through
// the real @aws-sdk/client-lambda. Without credentials in the environment, as on a fresh machine.
const noAws = Object.fromEntries(
  Object.keys(process.env)
    .filter((name) => name.startsWith('AWS_'))
    .map((name) => [name, undefined]),
);

describe('csvfn invoke, against a local Lambda', () => {
  let buffered: LocalLambda;
  let streaming: LocalLambda;
  let guarded: LocalLambda;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csvfn-invoke-'));
    buffered = await startLocalLambda({
      handler: handle(createCsvHandler({ schema: employeeSchema, logger: false })),
      functionName: 'csvfn-employees',
    });
    streaming = await startLocalLambda({
      handler: streamHandle(createCsvHandler({ schema: employeeSchema, logger: false })),
      functionName: 'csvfn-stream',
    });
    guarded = await startLocalLambda({
      handler: handle(createCsvHandler({ schema: employeeSchema, logger: false, apiKeys: ['s3cret'] })),
      functionName: 'csvfn-guarded',
    });
  });
  afterAll(async () => {
    await buffered?.close();
    await streaming?.close();
    await guarded?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends a JSON file and prints the CSV the function answers', async () => {
    const run = await runCli(
      ['invoke', '--function', 'csvfn-employees', '--endpoint', buffered.url, employees],
      {
        env: noAws,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.toString('utf8')).toBe(toCsv(seed, { schema: employeeSchema }));
  });

  it('sends NDJSON from stdin with the options, and writes -o', async () => {
    const out = join(dir, 'out.csv');
    const run = await runCli(
      [
        'invoke',
        '-f',
        'csvfn-employees',
        '-e',
        buffered.url,
        '-r',
        'eu-west-1',
        '--delimiter',
        ';',
        '--bom',
        '--eol',
        'lf',
        '-o',
        out,
      ],
      { input: seed.map((row) => JSON.stringify(row)).join('\n'), env: noAws },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(
      toCsv(seed, { schema: employeeSchema, delimiter: ';', bom: true, eol: 'lf' }),
    );
  });

  it('streams from a function deployed with streamHandle (--streaming)', async () => {
    const run = await runCli(
      ['invoke', '--function', 'csvfn-stream', '--endpoint', streaming.url, '--streaming', employees],
      {
        env: noAws,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.toString('utf8')).toBe(toCsv(seed, { schema: employeeSchema }));
  });

  it('a bad row: the function’s 422, with row numbers and pointers, exit 1', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify([seed[0], { ...seed[1], age: 'x' }]));
    const run = await runCli(['invoke', '--function', 'csvfn-employees', '--endpoint', buffered.url, bad], {
      env: noAws,
    });
    expect(run.code).toBe(1);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toBe(
      'csvfn: the function answered 422 (Rows do not match the schema): 1 of 2 rows is invalid\n' +
        '  row 2: /1/age: Expected number, received string\n',
    );
  });

  it('an API key, from --api-key or CSVFN_API_KEY', async () => {
    const args = ['invoke', '--function', 'csvfn-guarded', '--endpoint', guarded.url, employees];
    const refused = await runCli(args, { env: noAws });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the function answered 401');
    const flag = await runCli([...args, '--api-key', 's3cret'], { env: noAws });
    expect(flag.stdout.toString('utf8')).toBe(toCsv(seed, { schema: employeeSchema }));
    const env = await runCli(args, { env: { ...noAws, CSVFN_API_KEY: 's3cret' } });
    expect(env.stdout.toString('utf8')).toBe(toCsv(seed, { schema: employeeSchema }));
  });

  it('clear errors: an unknown function, no --function, a bad endpoint, a missing file', async () => {
    const unknown = await runCli(['invoke', '--function', 'nope', '--endpoint', buffered.url, employees], {
      env: noAws,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^csvfn: no function "nope" in us-east-1: /);

    const missing = await runCli(['invoke', employees]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-f, --function <name>' not specified");

    const endpoint = await runCli(['invoke', '-f', 'x', '--endpoint', 'localhost:9001', employees]);
    expect(endpoint.code).toBe(2);
    expect(endpoint.stderr).toContain('not an http(s) URL');

    const file = await runCli(['invoke', '-f', 'x', '--endpoint', buffered.url, join(dir, 'none.json')]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('none.json: no such file or directory');

    for (const run of [unknown, missing, endpoint, file]) expect(run.stderr).not.toMatch(NO_STACK);
  });

  it('a real AWS region without credentials says so', async () => {
    const run = await runCli(['invoke', '--function', 'csvfn', '--region', 'eu-west-1', employees], {
      env: {
        ...noAws,
        AWS_CONFIG_FILE: join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'csvfn: no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n',
    );
  });
});
