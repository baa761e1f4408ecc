import { type NodeServer, serve } from '@csvfn/adapter-node';
import { type DocumentedFlags, documentedOptions } from './documentedOptions.js';
import { CliError } from './errors.js';
import { createLocalApp } from './localApp.js';
import { EMPLOYEE } from './schemaFile.js';

/** The flags of `csvfn serve`. */
export interface ServeFlags extends DocumentedFlags {
  port: number;
  host: string;
  /** `true` for any origin, or a comma-separated allow-list. */
  cors?: boolean | string;
  /** The load balancers' path; `false` (`--no-health`) for none. Default `/healthz`. */
  healthPath?: string;
  health?: boolean;
  /** Log one JSON line per request (the handler's log). Default on. */
  log?: boolean;
}

/**
 * `csvfn serve`: the function at `/api`, the playground at `/`, the OpenAPI document at
 * `/openapi.json`, on this machine until Ctrl+C (or SIGTERM), which lets requests in flight finish.
 */
export async function serveCommand(flags: ServeFlags, stdout: NodeJS.WritableStream): Promise<void> {
  const documented = await documentedOptions(flags);
  const cors =
    flags.cors === undefined || flags.cors === false
      ? undefined
      : flags.cors === true
        ? true
        : {
            origins: flags.cors
              .split(',')
              .map((origin) => origin.trim())
              .filter((origin) => origin !== ''),
          };
  let app: ReturnType<typeof createLocalApp>;
  try {
    app = createLocalApp({
      ...documented,
      ...(cors ? { cors } : {}),
      ...(flags.health !== false ? { healthPath: flags.healthPath ?? '/healthz' } : {}),
      ...(flags.log === false ? { logger: false } : {}),
    });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  let server: NodeServer;
  try {
    server = await serve(app, { port: flags.port, hostname: flags.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${flags.port} is in use; choose another with --port`);
    if (code === 'EACCES')
      throw new CliError(`port ${flags.port} needs privileges; choose one above 1023 with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new CliError(`cannot listen on ${flags.host}: no such address on this machine`);
    throw error;
  }
  const { url } = server;
  stdout.write(
    [
      `csvfn is serving on ${url}`,
      `  function    POST ${url}/api`,
      `  playground  ${url}/`,
      `  OpenAPI     ${url}/openapi.json`,
      ...(flags.health !== false ? [`  health      GET ${url}${flags.healthPath ?? '/healthz'}`] : []),
      ...(flags.schema === EMPLOYEE ? seedCurl(`${url}/api`) : []),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** A ready-to-paste request for the default (employee) schema: the seed's own example. */
function seedCurl(api: string): string[] {
  return [
    'Try it:',
    `  curl -X POST ${api} -H 'Content-Type: application/json' \\`,
    `    --data '[{"name":"John Doe","age":45,"jobTitle":"Software Developer","badgeNumber":58195},`,
    `             {"name":"Jane Doe","age":32,"jobTitle":"Software Developer","badgeNumber":58191}]'`,
  ];
}
