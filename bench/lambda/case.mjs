// One Lambda in-process case in its own process: `handle(event)` of the same HTTP API (payload
// 2.0) event with a 1,000-row employee body, called back to back; CPU microseconds per invocation
// (process.cpuUsage, user + system, so garbage collection counts too).
//   node bench/lambda/case.mjs <csvfn|hono|serverless-http|csvfn-tiny|hono-tiny> [rows]
// Prints one JSON line on stdout's last line.
import { employeesJson } from '../lib/data.mjs';

const FIELDS = [
  { label: 'Name', value: 'name' },
  { label: 'Age', value: 'age' },
  { label: 'Job Title', value: 'jobTitle' },
  { label: 'Badge Number', value: 'badgeNumber' },
];

/** An API Gateway HTTP API (payload format 2.0) event, as Lambda hands it to the function. */
function httpApiEvent(body) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/api',
    rawQueryString: '',
    headers: {
      accept: '*/*',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'bench',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: '/api',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'bench',
      },
      requestId: 'bench-request',
      routeKey: '$default',
      stage: '$default',
      time: '02/Dec/2026:10:00:00 +0000',
      timeEpoch: 1796205600000,
    },
    body,
    isBase64Encoded: false,
  };
}

const context = {
  awsRequestId: 'bench-request',
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
  memoryLimitInMB: '1024',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
};

const CSV_HEADERS = {
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': 'attachment; filename="data.csv"',
};

/** The CSV of the event's rows, made once, for the `-tiny` cases. */
async function fixedCsv() {
  const { Parser } = await import('@json2csv/plainjs');
  return new Parser({ fields: FIELDS, eol: '\r\n' }).parse(JSON.parse(event.body));
}

/** Each returns the function's exported handler; imports and app setup happen once, untimed. */
const implementations = {
  async csvfn() {
    const { handle } = await import('@csvfn/adapter-lambda');
    const { createCsvHandler } = await import('@csvfn/core');
    const { employeeSchema } = await import('@csvfn/core/employee');
    // As examples/lambda deploys it, minus the request log line (the peers log nothing).
    return handle(createCsvHandler({ schema: employeeSchema, logger: false }));
  },
  // The adapters alone: a handler that reads the body as text and answers a fixed CSV.
  async 'csvfn-tiny'() {
    const { handle } = await import('@csvfn/adapter-lambda');
    const csv = await fixedCsv();
    return handle(async (request) => {
      await request.text();
      return new Response(csv, { headers: CSV_HEADERS });
    });
  },
  async 'hono-tiny'() {
    const { Hono } = await import('hono');
    const { handle } = await import('hono/aws-lambda');
    const csv = await fixedCsv();
    const app = new Hono();
    app.post('/api', async (c) => {
      await c.req.text();
      return c.body(csv, 200, CSV_HEADERS);
    });
    return handle(app);
  },
  async hono() {
    const { Hono } = await import('hono');
    const { handle } = await import('hono/aws-lambda');
    const { Parser } = await import('@json2csv/plainjs');
    const app = new Hono();
    app.post('/api', async (c) => {
      const csv = new Parser({ fields: FIELDS, eol: '\r\n' }).parse(await c.req.json());
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="data.csv"',
      });
    });
    return handle(app);
  },
  async 'serverless-http'() {
    const { default: serverless } = await import('serverless-http');
    const { default: express } = await import('express');
    const { Parser } = await import('@json2csv/plainjs');
    const app = express();
    app.use(express.json({ limit: '4mb' }));
    app.post('/api', (req, res) => {
      res.type('text/csv; charset=utf-8').attachment('data.csv');
      res.send(new Parser({ fields: FIELDS, eol: '\r\n' }).parse(req.body));
    });
    return serverless(app);
  },
};

const [name, rowsArg = '1000'] = process.argv.slice(2);
const make = implementations[name];
if (!make) {
  console.error(`usage: case.mjs <${Object.keys(implementations).join('|')}> [rows]`);
  process.exit(2);
}
const rows = Number(rowsArg);
const event = httpApiEvent(employeesJson(rows));
const handler = await make();

const check = await handler(structuredClone(event), context);
const csv = check.isBase64Encoded ? Buffer.from(check.body, 'base64').toString() : check.body;
if (check.statusCode !== 200 || !csv.replaceAll('"', '').startsWith('Name,Age,Job Title,Badge Number\r\n'))
  throw new Error(`${name}: unexpected answer ${check.statusCode}: ${String(check.body).slice(0, 200)}`);

// Warm-up, then batches of invocations; the median batch's CPU per invocation is the figure.
const BATCH = 20;
for (let i = 0; i < 200; i++) await handler(structuredClone(event), context);
const perInvocation = [];
const started = performance.now();
while (perInvocation.length < 10 || (perInvocation.length < 200 && performance.now() - started < 1_500)) {
  const events = Array.from({ length: BATCH }, () => structuredClone(event));
  const before = process.cpuUsage();
  for (const each of events) await handler(each, context);
  const used = process.cpuUsage(before);
  perInvocation.push((used.user + used.system) / BATCH);
}
perInvocation.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    name,
    rows,
    batches: perInvocation.length,
    cpuUsMedian: perInvocation[Math.floor(perInvocation.length / 2)],
    cpuUsBest: perInvocation[0],
    answerBytes: Buffer.byteLength(check.body),
    isBase64Encoded: check.isBase64Encoded === true,
  }),
);
