/**
 * Lambda in-process: each function's `handler(event, context)` on the same 1,000-row HTTP API
 * (payload 2.0) event, in its own process, three interleaved rounds; each keeps its lowest median.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BENCH } from '../lib/build.mjs';
import { ratio, table, whole } from '../lib/report.mjs';

const run = promisify(execFile);
export const LAMBDA_ROWS = 1_000;
const ROUNDS = 3;
const NAMES = ['csvfn', 'hono', 'serverless-http', 'csvfn-tiny', 'hono-tiny'];
const LABELS = {
  csvfn:
    'csvfn `handle(createCsvHandler({ schema: employeeSchema, logger: false }))` (@csvfn/adapter-lambda)',
  hono: 'Hono `handle(app)` from `hono/aws-lambda` + json2csv',
  'serverless-http': 'serverless-http + Express (`express.json()`) + json2csv',
  'csvfn-tiny':
    'the adapter alone: @csvfn/adapter-lambda, a handler reading `text()` and answering a fixed CSV',
  'hono-tiny': 'the adapter alone: `hono/aws-lambda`, the same handler (`c.req.text()`, a fixed CSV)',
};

export async function lambda(log) {
  const results = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...NAMES].reverse() : NAMES) {
      const { stdout } = await run(process.execPath, [`${BENCH}lambda/case.mjs`, name, String(LAMBDA_ROWS)], {
        maxBuffer: 1 << 24,
      });
      const result = JSON.parse(stdout.trim().split('\n').at(-1));
      if (!results[name] || result.cpuUsMedian < results[name].cpuUsMedian) results[name] = result;
      log(`  lambda ${name}: ${whole(result.cpuUsMedian)} CPU µs per invocation`);
    }
  }
  const hono = results.hono.cpuUsMedian;
  const body = NAMES.map((name) => {
    const r = results[name];
    const peer = name.endsWith('-tiny') ? results['hono-tiny'].cpuUsMedian : hono;
    return [
      LABELS[name],
      whole(r.cpuUsMedian),
      whole(r.cpuUsBest),
      ratio(r.cpuUsMedian / peer),
      `${whole(r.answerBytes)}${r.isBase64Encoded ? ' (base64)' : ''}`,
    ];
  });
  return {
    results,
    csvfnVsHono: results.csvfn.cpuUsMedian / hono,
    adapterVsHono: results['csvfn-tiny'].cpuUsMedian / results['hono-tiny'].cpuUsMedian,
    markdown: `Each function's handler called in-process with the same HTTP API (payload 2.0) event, a ${LAMBDA_ROWS.toLocaleString('en-US')}-row employee body, ${ROUNDS} interleaved rounds in fresh processes; CPU (user + system, GC included) per invocation, median of batches of 20 after 200 warm-up calls, the lowest round kept. The two "adapter alone" rows measure the adapters without the conversion; their × Hono is against Hono's adapter alone.\n\n${table(
      ['function', 'CPU µs / invocation', 'best µs', '× Hono', 'answer body chars'],
      body,
    )}`,
  };
}
