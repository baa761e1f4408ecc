import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect } from 'vitest';
import { startChildServer } from '../childServer.js';
import type { KnownDifference, Target } from '../target.js';
import { sendOverHttp } from '../wire.js';

const app = fileURLToPath(new URL('../app.ts', import.meta.url));
// The `functions-framework` command, run with this Node.
const framework = join(
  dirname(createRequire(import.meta.url).resolve('@google-cloud/functions-framework')),
  'main.js',
);

/**
 * Google Cloud Functions: the conformance app wrapped by `@csvfn/adapter-gcf`, bundled as a
 * deploy would be, and served by Google's Functions Framework (the runtime Cloud Run functions
 * run, Express and body-parser included) as its own process on a loopback port.
 */
export const gcfTarget: Target = {
  name: 'gcf',
  differences: bodyParserDifferences(),
  async start() {
    const dir = await mkdtemp(join(tmpdir(), 'csvfn-gcf-'));
    await build({
      stdin: {
        contents: [
          `import app from ${JSON.stringify(app)};`,
          `import { handle } from '@csvfn/adapter-gcf';`,
          'export const conformance = handle(app);',
        ].join('\n'),
        resolveDir: dirname(app),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // A CommonJS dependency bundled into ESM (one of the OpenTelemetry SDK's) calls require().
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      outfile: join(dir, 'index.mjs'),
      logLevel: 'error',
    });
    const port = await freePort();
    const server = await startChildServer(
      process.execPath,
      [framework, '--target=conformance', `--source=${join(dir, 'index.mjs')}`, `--port=${port}`],
      // As on Google Cloud: Express then shows no stack in its error pages (nor prints the URL).
      { env: { NODE_ENV: 'production' }, port },
    );
    return {
      url: server.url,
      send: (wire) => sendOverHttp(server.url, wire),
      close: async () => {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

/**
 * The Functions Framework parses every body with body-parser before the function runs, and a body
 * it cannot parse never reaches csvfn: Express answers with its own HTML error page. JSON it
 * cannot parse (`application/json` only; `+json` and NDJSON pass through), a charset other than
 * UTF-8, and an encoding it does not know (or a body that is not in the encoding it claims).
 */
function bodyParserDifferences(): Record<string, KnownDifference> {
  const html = (status: number, reason: string): KnownDifference => ({
    reason: `the Functions Framework's body-parser answers ${status} in HTML before csvfn runs`,
    check(response) {
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(new TextDecoder().decode(response.body)).toContain(`<pre>${reason}</pre>`);
    },
  });
  const badRequest = html(400, 'Bad Request');
  const unsupported = html(415, 'Unsupported Media Type');
  return {
    'invalid JSON is a 400 with line and column': badRequest,
    'truncated JSON is a 400': badRequest,
    'a JSON string is not an array: 400': badRequest,
    'a body marked gzip that is not gzip is a 400': badRequest,
    // body-parser decodes deflate and br itself (csvfn accepts gzip only): these bodies are not.
    'Content-Encoding br is a 415': badRequest,
    'Content-Encoding deflate is a 415': badRequest,
    'Content-Encoding gzip, br is a 415': unsupported,
    'Content-Encoding compress is a 415': unsupported,
    'Content-Type application/json; charset=latin1 is a 415': unsupported,
  };
}

/** The framework prints the port it was given, so it is given a free one. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
