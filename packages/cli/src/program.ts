import type { Delimiter } from '@csvfn/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import { version } from '../package.json';
import { convertCommand } from './convert.js';
import { invokeCommand } from './invoke.js';
import { openApiCommand } from './openapi.js';
import { serveCommand } from './serve.js';

const DELIMITERS: Record<string, Delimiter> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  '|': '|',
  pipe: '|',
  tab: '\t',
  '\\t': '\t',
  '\t': '\t',
};

function parseDelimiter(value: string): Delimiter {
  const delimiter = DELIMITERS[value.toLowerCase()];
  if (!delimiter) throw new InvalidArgumentError('Use , ; | or tab (or comma, semicolon, pipe).');
  return delimiter;
}

function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('Use a whole number above 0.');
  return Number(value);
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535)
    throw new InvalidArgumentError('Use a port from 0 to 65535.');
  return Number(value);
}

/** `--api-key` repeated, or a comma-separated list (how CSVFN_API_KEYS holds several). */
function collectKeys(value: string, all: string[] = []): string[] {
  return [
    ...all,
    ...value
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== ''),
  ];
}

/** `--unwind` repeated, or a comma-separated list. */
function collectUnwind(value: string, all: string[] = []): string[] {
  return [...all, ...value.split(',').map((key) => key.trim())];
}

const unwindOption = () =>
  new Option(
    '--unwind <key>',
    'one record per element of this array field, its fields as dotted columns (items.sku), the other fields repeated; repeatable, e.g. --unwind items --unwind items.parts',
  ).argParser(collectUnwind);

const apiKeyOption = (what: string) =>
  new Option(`--api-key <key>`, `${what} (repeatable; or comma-separated in CSVFN_API_KEYS)`)
    .env('CSVFN_API_KEYS')
    .argParser(collectKeys);

const schemaOption = () =>
  new Option(
    '-s, --schema <file>',
    'row schema: "employee" (the built-in example), a JSON Schema file (.json), or a module exporting a zod schema (.js, .mjs, .cjs, .ts, .mts, .cts; orders.ts#orderSchema names the export); default: none, columns from the rows',
  );
const noSchemaOption = () =>
  new Option(
    '--no-schema',
    'schema-less (the default): columns are the rows’ keys, nested objects flattened',
  );

/** Where the program writes; a test may swap them. */
export interface ProgramIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** The `csvfn` command line. */
export function createProgram(io: ProgramIo): Command {
  const program = new Command('csvfn')
    .description(
      'JSON to CSV, from the terminal or the browser; the same converter as the deployed function.',
    )
    .version(version, '-v, --version', 'print the version')
    // Program options go before the command, so `csvfn openapi --version 2.0.0` is the document's.
    .enablePositionalOptions()
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`csvfn: ${text.replace(/^error: /, '')}`),
    })
    .exitOverride();

  program
    .command('convert')
    .summary('convert a JSON array or NDJSON file to CSV')
    .description(
      'Convert a JSON array of objects, or NDJSON (one object per line), to CSV. Streams: memory stays flat ' +
        'whatever the size. The first invalid row stops the conversion with its row number and JSON Pointer, ' +
        'and exit code 1; an -o file is then not written. A progress bar shows on a terminal, never in a pipe.',
    )
    .argument('[input]', 'a .json or .ndjson file; - or nothing reads stdin')
    .option('-o, --output <file>', 'write the CSV to this file (default: stdout)')
    .option('-d, --delimiter <char>', 'field separator: , ; | or tab', parseDelimiter, ',' as Delimiter)
    .option('--bom', 'start with a UTF-8 byte-order mark, which Excel needs to read UTF-8')
    .option('--no-header', 'leave out the header row')
    .addOption(new Option('--eol <eol>', 'record terminator').choices(['crlf', 'lf']).default('crlf'))
    .addOption(schemaOption())
    .addOption(noSchemaOption())
    .addOption(unwindOption())
    .option('--no-escape-formulas', 'keep cells starting with = + - @ as they are (for machine readers only)')
    .option('--no-progress', 'never show the progress bar')
    .addHelpText(
      'after',
      `
Examples:
  $ csvfn convert employees.json -o employees.csv
  $ csvfn convert big.ndjson --delimiter ';' --bom > big.csv
  $ curl -s https://example.com/rows.json | csvfn convert --schema ./schema.mjs
  $ csvfn convert orders.json --unwind items > order-lines.csv
The columns are the function's: without a schema, a JSON array's are all its rows' keys (read in two
passes; stdin is held in memory for the second); NDJSON's are its first line's.
Exit codes: 0 converted, 1 the input is not valid JSON or a row fails the schema, 2 bad flags or files.
`,
    )
    .action((input: string | undefined, flags) => convertCommand(input, flags, io));

  program
    .command('serve')
    .summary('serve the function, the playground and the OpenAPI document')
    .description(
      'Run the function locally: POST rows to /api, try it in the browser playground at /, read the OpenAPI ' +
        'document at /openapi.json. Listens on this machine only unless --host says otherwise.',
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on; 0 picks a free one')
        .env('PORT')
        .default(3000)
        .argParser(parsePort),
    )
    .option('-H, --host <address>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .addOption(schemaOption())
    .addOption(noSchemaOption())
    .option(
      '--max-body, --max-body-bytes <bytes>',
      'largest request body (default: 4 MiB)',
      parsePositiveInteger,
    )
    .option('--max-rows <rows>', 'most rows in one request (default: 100000)', parsePositiveInteger)
    .option('-d, --delimiter <char>', 'the server’s field separator: , ; | or tab', parseDelimiter)
    .addOption(unwindOption())
    .addOption(apiKeyOption('require Authorization: Bearer <key>'))
    .option('--cors [origins]', 'allow browsers from other origins: any, or a comma-separated list')
    .option('--health-path <path>', 'path answering GET with 200 for load balancers', '/healthz')
    .option('--no-health', 'no health path')
    .option('--no-log', 'do not log a line per request')
    .addHelpText(
      'after',
      '\nExamples:\n  $ PORT=8080 csvfn serve --schema ./schema.json\n  $ csvfn serve --schema orders.ts#orderSchema --api-key "$KEY" --cors https://app.example --max-rows 5000',
    )
    .action((flags) => serveCommand(flags, io.stdout));

  program
    .command('invoke')
    .summary('call a deployed Lambda function with a JSON file')
    .description(
      'POST a JSON or NDJSON file to a csvfn function on AWS Lambda through the Lambda Invoke API, and write ' +
        'the CSV it answers. Credentials and region come from the usual AWS environment, or the flags. ' +
        '--endpoint points at another Invoke API, such as the local Lambda of @csvfn/lambda-local.',
    )
    .argument('[input]', 'a .json or .ndjson file; - or nothing reads stdin')
    .requiredOption('-f, --function <name>', 'function name, name:alias or ARN')
    .option('-r, --region <region>', 'AWS region (default: AWS_REGION)')
    .option('-e, --endpoint <url>', 'Invoke API endpoint, e.g. http://127.0.0.1:9001 for a local Lambda')
    .option('-q, --qualifier <version>', 'version or alias to invoke')
    .option('--streaming', 'use InvokeWithResponseStream, for a function deployed with streamHandle')
    .addOption(
      new Option('--api-key <key>', 'sent as Authorization: Bearer <key>, for a function with API keys').env(
        'CSVFN_API_KEY',
      ),
    )
    .option('-o, --output <file>', 'write the CSV to this file (default: stdout)')
    .option('-d, --delimiter <char>', 'field separator: , ; | or tab', parseDelimiter)
    .option('--bom', 'start with a UTF-8 byte-order mark')
    .option('--no-header', 'leave out the header row')
    .addOption(new Option('--eol <eol>', 'record terminator').choices(['crlf', 'lf']))
    .addHelpText(
      'after',
      '\nExample:\n  $ csvfn invoke --function csvfn-prod --region eu-west-1 employees.json -o employees.csv',
    )
    .action((input: string | undefined, flags) => invokeCommand(input, flags, io));

  program
    .command('openapi')
    .summary('print the OpenAPI 3.1 document')
    .description(
      'Print the OpenAPI 3.1 document of the function as JSON: the one csvfn serve publishes at /openapi.json ' +
        'when given the same --schema, --unwind, --delimiter, --max-body, --max-rows and --api-key.',
    )
    .addOption(schemaOption())
    .addOption(noSchemaOption())
    .addOption(unwindOption())
    .option('-d, --delimiter <char>', 'the server’s field separator: , ; | or tab', parseDelimiter)
    .addOption(
      apiKeyOption(
        'the server requires Authorization: Bearer <key>: adds the bearer security scheme and the 401; the key itself is never printed',
      ),
    )
    .option('-o, --output <file>', 'write it to this file (default: stdout)')
    .option('--path <path>', 'path the function is served at', '/api')
    .option(
      '--server <url>',
      'a server URL for the document (repeatable)',
      (url: string, all: string[] = []) => [...all, url],
    )
    .option('--title <title>', 'info.title of the document', 'csvfn')
    .option('--version <version>', 'info.version: the version of your API (not of csvfn)', '1.0.0')
    .option(
      '--max-body, --max-body-bytes <bytes>',
      'largest request body (default: 4 MiB)',
      parsePositiveInteger,
    )
    .option('--max-rows <rows>', 'most rows in one request (default: 100000)', parsePositiveInteger)
    .action((flags) => openApiCommand(flags, io.stdout));

  return program;
}
