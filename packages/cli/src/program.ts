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

const schemaOption = () =>
  new Option(
    '-s, --schema <file>',
    'row schema: a JSON Schema file (.json) or a module exporting a zod object schema (.js, .mjs, .cjs); default: the employee schema',
  );
const noSchemaOption = () =>
  new Option('--no-schema', 'schema-less: columns are the rows’ keys, nested objects flattened');

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
    .option('--no-escape-formulas', 'keep cells starting with = + - @ as they are (for machine readers only)')
    .option('--no-progress', 'never show the progress bar')
    .addHelpText(
      'after',
      `
Examples:
  $ csvfn convert employees.json -o employees.csv
  $ csvfn convert big.ndjson --delimiter ';' --bom > big.csv
  $ curl -s https://example.com/rows.json | csvfn convert --schema ./schema.mjs
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
    .option('--max-body-bytes <bytes>', 'largest request body (default: 4 MiB)', parsePositiveInteger)
    .option('--max-rows <rows>', 'most rows in one request (default: 100000)', parsePositiveInteger)
    .option('--no-log', 'do not log a line per request')
    .addHelpText('after', '\nExample:\n  $ PORT=8080 csvfn serve --schema ./schema.json')
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
    .description('Print the OpenAPI 3.1 document of the function (as csvfn serve runs it) as JSON.')
    .addOption(schemaOption())
    .addOption(noSchemaOption())
    .option('-o, --output <file>', 'write it to this file (default: stdout)')
    .option('--path <path>', 'path the function is served at', '/api')
    .option(
      '--server <url>',
      'a server URL for the document (repeatable)',
      (url: string, all: string[] = []) => [...all, url],
    )
    .option('--max-body-bytes <bytes>', 'largest request body (default: 4 MiB)', parsePositiveInteger)
    .option('--max-rows <rows>', 'most rows in one request (default: 100000)', parsePositiveInteger)
    .action((flags) => openApiCommand(flags, io.stdout));

  return program;
}
