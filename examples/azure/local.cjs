// `pnpm start`: A STAND-IN for the Azure Functions host, which cannot run here (Core Tools
// downloads its binary at install time). The functions register through the real
// `@azure/functions` library, which this file hands a small core API in place of the worker's;
// each request becomes an `HttpRequest` built as the worker builds it with `enableHttpStream`,
// and the handler's `HttpResponseInit` is read back through `HttpResponse`. Served by a Node
// listener at http://127.0.0.1:$PORT.
const Module = require('node:module');
const { randomUUID } = require('node:crypto');
const { createServer } = require('node:http');
const { incomingMessageToRequest, writeResponse } = require('@csvfn/adapter-node');

const functions = [];
const coreApi = {
  setProgrammingModel() {},
  registerFunction(metadata, handler) {
    functions.push({ metadata, handler });
    return { dispose() {} };
  },
  registerHook: () => ({ dispose() {} }),
  // The library takes `log` as the sign of a host recent enough to stream (v4.28+).
  log() {},
};
const load = Module._load;
Module._load = function loadWithCore(request, ...rest) {
  return request === '@azure/functions-core' ? coreApi : load.call(this, request, ...rest);
};

const { HttpRequest, HttpResponse, InvocationContext } = require('@azure/functions');
require('./src/functions/csv.js');
const routePrefix = require('./host.json').extensions?.http?.routePrefix ?? 'api';

function findFunction(method, pathname) {
  return functions.find(({ metadata }) => {
    const trigger = Object.values(metadata.bindings).find((binding) => binding.type === 'httpTrigger');
    const route = [routePrefix, trigger.route ?? metadata.name].filter(Boolean).join('/');
    return pathname === `/${route}` && trigger.methods.includes(method);
  });
}

const port = Number(process.env.PORT ?? 3000);
const server = createServer(async (req, res) => {
  const request = incomingMessageToRequest(req, res);
  const match = findFunction(request.method, new URL(request.url).pathname);
  if (!match) return writeResponse(new Response('Not found', { status: 404 }), res);
  const context = new InvocationContext({ invocationId: randomUUID(), functionName: match.metadata.name });
  const answer = new HttpResponse(await match.handler(new HttpRequest({ nativeRequest: request }), context));
  const headers = new Headers(answer.headers);
  for (const { name, value } of answer.cookies) headers.append('set-cookie', `${name}=${value}`);
  await writeResponse(new Response(answer.body, { status: answer.status, headers }), res);
});
server.listen(port, '127.0.0.1', () =>
  console.log(`csvfn on a stand-in for the Azure Functions host: POST http://127.0.0.1:${port}/api`),
);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));
