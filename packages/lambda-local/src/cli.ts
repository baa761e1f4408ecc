import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { FrontDoorName } from './frontDoors/frontDoor.js';
import { emulateAwsLambdaGlobal, type LambdaFunction } from './runtime.js';
import { FRONT_DOORS, startLocalLambda } from './server.js';

const USAGE = `Usage: csvfn-lambda-local <module> [--handler handler] [--function-name csvfn]
                          [--front-door function-url|http-api|rest-api|alb|alb-multi-value]
                          [--binary-media-types '*/*,image/png'] (rest-api only; default none)
                          [--host 127.0.0.1] [--port 3000]

Runs the Lambda function exported by <module> (e.g. dist/index.mjs) on a local Lambda: the HTTP
front door and the Lambda Invoke API on one port, until Ctrl-C.`;

/** `csvfn-lambda-local`: loads a built function module the way Lambda would and serves it. */
async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      handler: { type: 'string', default: 'handler' },
      'function-name': { type: 'string', default: 'csvfn' },
      'front-door': { type: 'string', default: 'function-url' },
      'binary-media-types': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '3000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const frontDoor = values['front-door'] as FrontDoorName;
  const port = Number(values.port);
  if (positionals.length !== 1 || !(frontDoor in FRONT_DOORS) || !Number.isInteger(port)) {
    throw new UsageError(USAGE);
  }
  // Lambda's runtime provides `awslambda` before the module loads; streamHandle looks it up then.
  emulateAwsLambdaGlobal();
  const module = (await import(pathToFileURL(resolve(positionals[0]!)).href)) as Record<string, unknown>;
  const handler = module[values.handler];
  if (typeof handler !== 'function') {
    throw new UsageError(`${positionals[0]} exports no function named "${values.handler}".`);
  }
  const lambda = await startLocalLambda({
    handler: handler as LambdaFunction,
    functionName: values['function-name'],
    frontDoor,
    ...(values['binary-media-types'] !== undefined
      ? { binaryMediaTypes: values['binary-media-types'].split(',').map((type) => type.trim()) }
      : {}),
    host: values.host,
    port,
  });
  console.log(`${values['function-name']} on a local Lambda (${frontDoor}): ${lambda.url}`);
  const stop = () => void lambda.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`csvfn-lambda-local: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
