// pnpm soak: load, leak and slow-client check of the Node server (@csvfn/adapter-node serve() +
// createCsvHandler), on loopback only, bounded in count and time.
//
//   warm-up  SOAK_WARMUP requests (default 10,000: RSS levels off after 4,000 to 6,000 here),
//            then the server's memory after GC (baseline)
//   main     SOAK_REQUESTS requests (default 12,000) at concurrency SOAK_CONCURRENCY (default 50),
//            a fixed mix of valid, invalid, oversized, gzip, rate-limited and client-aborted
//            requests (plan.mjs), each with its expected answer known in advance; meanwhile
//            slow-loris clients trickle headers or bodies and must be cut off by the timeouts
//   end      the server's memory after GC again
//
// Fails (exit 1) on any wrong answer, a server crash or error log line, RSS growth of 10% or more
// from baseline to end, a slow-loris client not cut off, or the whole run passing SOAK_DEADLINE_S.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { KINDS, kindOf, LIMITS, RATE_LIMIT, TIMEOUTS } from './plan.mjs';

const WARMUP = Number(process.env.SOAK_WARMUP ?? 10_000);
const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 12_000);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 50);
const SLOW_CLIENTS = Number(process.env.SOAK_SLOW_CLIENTS ?? 20);
const DEADLINE_S = Number(process.env.SOAK_DEADLINE_S ?? 300);
const MAX_RSS_GROWTH = 0.1;
const REQUEST_TIMEOUT_MS = 30_000;

const started = Date.now();
const deadline = setTimeout(() => {
  console.error(`FAIL: the soak passed its deadline of ${DEADLINE_S} s`);
  process.exit(1);
}, DEADLINE_S * 1000);
deadline.unref();

// --- The server, in its own process -------------------------------------------------------------
const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), [], {
  execArgv: ['--expose-gc'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
let crash;
let closing = false;
const replies = [];
child.on('message', (message) => {
  if (message.type === 'crash') crash = message.error;
  replies.shift()?.(message);
});
child.on('exit', (code, signal) => {
  if (!closing) crash ??= `server exited (code ${code}, signal ${signal})`;
});
const ask = (message) =>
  new Promise((resolve) => {
    replies.push(resolve);
    if (message) child.send(message);
  });
const ready = await ask();
const { port } = ready;

// --- One request ------------------------------------------------------------------------------
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** Sends the id-th request of the plan; resolves to its outcome, never rejects. */
function send(id) {
  const kind = kindOf(id);
  const plan = KINDS[kind][1](id);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const done = (outcome) => resolve({ id, kind, plan, ms: performance.now() - t0, ...outcome });
    const req = request({
      host: '127.0.0.1',
      port,
      method: plan.method ?? 'POST',
      path: plan.path ?? '/api',
      headers: plan.headers,
      agent,
      timeout: REQUEST_TIMEOUT_MS,
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => done({ error: String(error.message) }));
    req.on('response', (res) => {
      if (plan.abort === 'download') {
        res.once('data', () => {
          req.destroy();
          done({ status: res.statusCode, aborted: true });
        });
        return;
      }
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', (error) => done({ error: String(error.message) }));
      res.on('end', () =>
        done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    const body = plan.body === undefined ? undefined : Buffer.from(plan.body);
    if (plan.abort === 'upload') {
      req.write(body);
      setTimeout(() => {
        req.destroy();
        done({ aborted: true });
      }, 5);
      return;
    }
    if (!body) return req.end();
    if (!plan.chunked) {
      req.setHeader('content-length', body.length);
      return req.end(body);
    }
    // Transfer-Encoding: chunked, 16 KiB at a time, as a streaming client sends it.
    let offset = 0;
    const pump = () => {
      while (offset < body.length) {
        const piece = body.subarray(offset, offset + 16_384);
        offset += piece.length;
        if (!req.write(piece)) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** Whether an outcome is the answer the plan expected; returns the reason when it is not. */
function judge(outcome) {
  const { plan } = outcome;
  if (plan.status === 'aborted')
    return outcome.aborted ? undefined : `expected an abort, got ${outcome.status}`;
  if (outcome.error) return `client error: ${outcome.error}`;
  if (plan.abort === 'download') return outcome.status === 200 ? undefined : `status ${outcome.status}`;
  if (plan.status === 'rate') {
    if (outcome.status === 429)
      return /^\d+$/.test(outcome.headers['retry-after'] ?? '') ? undefined : 'a 429 without Retry-After';
    if (outcome.status !== 200) return `status ${outcome.status}, expected 200 or 429`;
    return outcome.body === plan.csv ? undefined : 'a 200 with the wrong CSV';
  }
  if (outcome.status !== plan.status)
    return `status ${outcome.status}, expected ${plan.status}: ${outcome.body?.slice(0, 200)}`;
  if (plan.csv !== undefined) return outcome.body === plan.csv ? undefined : 'a 200 with the wrong CSV';
  if (plan.problem) {
    if (outcome.headers['content-type'] !== 'application/problem+json')
      return 'an error that is not problem+json';
    const type = JSON.parse(outcome.body).type;
    if (type !== `urn:csvfn:problem:${plan.problem}`) return `problem ${type}, expected ${plan.problem}`;
  }
  return undefined;
}

const tally = {
  sent: 0,
  wrong: 0,
  byKind: {},
  wrongSamples: [],
  rateAllowed: 0,
  rateRefused: 0,
  latencies: [],
};
/** RSS (after GC) every CHECKPOINT requests: a leak climbs steadily, a high-water mark levels off. */
const CHECKPOINT = 2000;
const rssSeries = [];
/** Requests answered while slow-loris clients held connections open, and how many of them wrong. */
const duringLoris = { open: false, answered: 0, wrong: 0 };

/** Runs ids [from, to) with `CONCURRENCY` requests in flight at any time. */
async function run(from, to) {
  let next = from;
  const worker = async () => {
    while (next < to && !crash) {
      const outcome = await send(next++);
      tally.sent++;
      const at = tally.sent;
      if (at % CHECKPOINT === 0) memory().then((m) => rssSeries.push([at, m.rss]));
      tally.byKind[outcome.kind] ??= { sent: 0, wrong: 0 };
      const counts = tally.byKind[outcome.kind];
      counts.sent++;
      if (outcome.plan.status === 'rate') {
        if (outcome.status === 200) tally.rateAllowed++;
        if (outcome.status === 429) tally.rateRefused++;
      }
      if (!outcome.plan.abort && outcome.plan.status !== 'aborted') tally.latencies.push(outcome.ms);
      const wrong = judge(outcome);
      if (duringLoris.open) {
        duringLoris.answered++;
        if (wrong) duringLoris.wrong++;
      }
      if (wrong) {
        tally.wrong++;
        counts.wrong++;
        if (tally.wrongSamples.length < 10)
          tally.wrongSamples.push(`#${outcome.id} ${outcome.kind}: ${wrong}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

// --- Slow-loris clients -----------------------------------------------------------------------

/**
 * A client that never finishes: `headers` trickles header bytes, `body` sends complete headers and
 * then trickles the body. Resolves with how long the server let it live (it must cut it off).
 */
function slowLoris(mode, id) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = connect(port, '127.0.0.1');
    let timer;
    let answer = '';
    const finish = (cutOff) => {
      clearInterval(timer);
      socket.destroy();
      resolve({ mode, cutOff, ms: performance.now() - t0, answer: answer.split('\r\n')[0] });
    };
    socket.on('data', (data) => {
      answer += data.toString('latin1');
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    // Give up ourselves long after the server should have: then it was not cut off.
    const giveUp = setTimeout(() => finish(false), TIMEOUTS.requestTimeout * 3);
    giveUp.unref();
    socket.on('connect', () => {
      if (mode === 'headers') {
        socket.write(`POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-${id}: `);
        timer = setInterval(() => socket.write('a'), 200);
      } else {
        socket.write(
          'POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
            'Authorization: Bearer soak-key-new\r\nContent-Length: 100000\r\n\r\n[',
        );
        timer = setInterval(() => socket.write(' '), 200);
      }
    });
  });
}

// --- The run ----------------------------------------------------------------------------------
const memory = () => ask({ type: 'memory' });
const mib = (bytes) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

console.log(
  `csvfn soak: warm-up ${WARMUP}, then ${REQUESTS} requests at concurrency ${CONCURRENCY}, ` +
    `${SLOW_CLIENTS} slow-loris clients; limits ${JSON.stringify({ ...LIMITS, rateLimitPerHour: RATE_LIMIT })}, timeouts ${JSON.stringify(TIMEOUTS)}`,
);
const start = await memory();
await run(0, WARMUP);
const baseline = await memory();
const snapshot = async (name) => {
  if (!process.env.SOAK_HEAPSNAPSHOTS) return;
  const { path } = await ask({
    type: 'snapshot',
    path: `${process.env.SOAK_HEAPSNAPSHOTS}/${name}.heapsnapshot`,
  });
  console.log(`heap snapshot     ${path}`);
};
await snapshot('after-warm-up');
const warmupWrong = tally.wrong;
const mainStarted = performance.now();
duringLoris.open = SLOW_CLIENTS > 0;
const slowDone = Promise.all(
  Array.from({ length: SLOW_CLIENTS }, (_, i) => slowLoris(i % 2 === 0 ? 'headers' : 'body', i)),
).then((all) => {
  duringLoris.open = false;
  return all;
});
await run(WARMUP, WARMUP + REQUESTS);
const mainSeconds = (performance.now() - mainStarted) / 1000;
const loris = await slowDone;
const end = await memory();
await snapshot('end');
agent.destroy();
closing = true;
const closed = crash ? undefined : await ask({ type: 'close' });

// --- Figures ----------------------------------------------------------------------------------
const growth = (end.rss - baseline.rss) / baseline.rss;
const latencies = tally.latencies.slice(WARMUP > 0 ? 0 : 0).sort((a, b) => a - b);
const elapsedS = (Date.now() - started) / 1000;
const maxRateAllowed = RATE_LIMIT + Math.ceil(elapsedS / (3600 / RATE_LIMIT)) + 1;
const headerLoris = loris.filter((l) => l.mode === 'headers');
const bodyLoris = loris.filter((l) => l.mode === 'body');
const lorisLine = (list) =>
  list.length === 0
    ? 'none'
    : `${list.filter((l) => l.cutOff).length}/${list.length} cut off, after ${Math.round(Math.min(...list.map((l) => l.ms)))}–${Math.round(Math.max(...list.map((l) => l.ms)))} ms (server said: ${[...new Set(list.map((l) => l.answer || 'nothing'))].join(' | ')})`;

console.log('');
console.log(
  `requests          ${tally.sent} (${WARMUP} warm-up + ${tally.sent - WARMUP} main) in ${elapsedS.toFixed(1)} s`,
);
console.log(`main phase        ${(REQUESTS / mainSeconds).toFixed(0)} req/s at concurrency ${CONCURRENCY}`);
console.log(
  `latency           p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms`,
);
console.log(`wrong answers     ${tally.wrong} (warm-up ${warmupWrong})`);
for (const sample of tally.wrongSamples) console.log(`                  ${sample}`);
for (const sample of closed?.errorSamples ?? []) console.log(`server error      ${sample}`);
console.log(`crashes           ${crash ? 1 : 0}${crash ? `: ${crash}` : ''}`);
console.log(
  `log lines         ${closed?.logLines ?? '?'} (level error: ${closed?.errorLines ?? '?'}), listener errors ${closed?.listenerErrors ?? '?'}`,
);
console.log(
  `rate limit        ${tally.rateAllowed} allowed (limit ${RATE_LIMIT}, at most ${maxRateAllowed} with refill), ${tally.rateRefused} refused with 429`,
);
console.log(
  `RSS               start ${mib(start.rss)}, after warm-up ${mib(baseline.rss)}, end ${mib(end.rss)}: ${(growth * 100).toFixed(1)}% growth`,
);
console.log(
  `RSS by requests   ${rssSeries.map(([n, rss]) => `${n / 1000}k: ${Math.round(rss / 1_048_576)}`).join(', ')} (MiB)`,
);
console.log(
  `heap              used ${mib(baseline.heapUsed)} -> ${mib(end.heapUsed)}, total ${mib(baseline.heapTotal)} -> ${mib(end.heapTotal)}; external ${mib(baseline.external)} -> ${mib(end.external)}, array buffers ${mib(baseline.arrayBuffers)} -> ${mib(end.arrayBuffers)}`,
);
console.log(`slow-loris        headers: ${lorisLine(headerLoris)}`);
console.log(`                  body:    ${lorisLine(bodyLoris)}`);
console.log(
  `                  meanwhile ${duringLoris.answered} other requests answered, ${duringLoris.wrong} wrong`,
);
console.log(
  'by kind           ' +
    Object.entries(tally.byKind)
      .sort()
      .map(([k, v]) => `${k} ${v.sent}${v.wrong ? ` (${v.wrong} wrong)` : ''}`)
      .join(', '),
);

const failures = [];
if (tally.sent < WARMUP + REQUESTS && !crash) failures.push('not every request was sent');
if (tally.wrong > 0) failures.push(`${tally.wrong} wrong answers`);
if (crash) failures.push('the server crashed');
if (closed && (closed.errorLines > 0 || closed.listenerErrors > 0)) failures.push('the server logged errors');
if (growth >= MAX_RSS_GROWTH)
  failures.push(`RSS grew ${(growth * 100).toFixed(1)}% (limit ${MAX_RSS_GROWTH * 100}%)`);
if (
  tally.rateAllowed < Math.min(RATE_LIMIT, tally.byKind['rate-limited']?.sent ?? 0) ||
  tally.rateAllowed > maxRateAllowed
)
  failures.push('the rate limit let the wrong number through');
if (loris.some((l) => !l.cutOff)) failures.push('a slow-loris client was not cut off');
if (SLOW_CLIENTS > 0 && duringLoris.answered === 0)
  failures.push('no request was answered while slow-loris clients were connected');
if (REQUESTS < 10_000 || CONCURRENCY < 50)
  console.log('note: below the issue’s 10,000 requests at concurrency 50');

console.log('');
if (failures.length > 0) {
  console.log(`FAIL: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('PASS');
process.exit(0);
