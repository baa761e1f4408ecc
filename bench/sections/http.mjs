/**
 * HTTP on loopback: each server pinned to one CPU, wrk pinned to the other, the same JSON body
 * posted over and over. A warm-up run first (discarded), then measured rounds, servers in turn;
 * each figure is the median of the rounds. Server CPU: its CPU time over a round, from /proc,
 * divided by the requests it answered.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { BENCH, SERVERS } from '../lib/build.mjs';
import { employeesJson } from '../lib/data.mjs';
import { ms, ratio, table, whole } from '../lib/report.mjs';
import { CLIENT_CPU, cpuMs, tools } from '../lib/system.mjs';
import { startServer } from './servers.mjs';

const run = promisify(execFile);

export const HTTP_SIZES = [1_000, 10_000];
const NAMES = ['csvfn', 'hono', 'express', 'go'];
/** csvfn's server again, asked for gzip: the same process, measured as one more server. */
const GZIP = 'csvfn-gzip';
const GZIP_LABEL = 'csvfn (@csvfn/adapter-node), `Accept-Encoding: gzip`';
const labelOf = (name) => (name === GZIP ? GZIP_LABEL : SERVERS[name].label);
const CONNECTIONS = 8;
const WARMUP_SECONDS = 2;
const SECONDS = 3;
const ROUNDS = 3;

export async function wrk(url, bodyFile, seconds, acceptEncoding = '') {
  const args = [
    '-t1',
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '-s',
    `${BENCH}http/post.lua`,
    url,
  ];
  const command = tools.taskset ? [tools.taskset, ['-c', CLIENT_CPU, tools.wrk, ...args]] : [tools.wrk, args];
  const { stdout } = await run(command[0], command[1], {
    env: { ...process.env, BODY_FILE: bodyFile, ACCEPT_ENCODING: acceptEncoding },
  });
  const line = stdout.split('\n').find((text) => text.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no results:\n${stdout}`);
  return JSON.parse(line);
}

/** The answer's body bytes as they travel (not decoded), and its Content-Encoding. */
function answerBytes(url, body, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json' };
    if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
    const req = request(url, { method: 'POST', headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => {
        bytes += chunk.byteLength;
      });
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Checks that a server answers the body with the expected CSV before it is timed. */
async function sanityCheck(url, body, rows) {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  const text = await response.text();
  // json2csv quotes its header cells; the others do not.
  if (response.status !== 200 || !text.replaceAll('"', '').startsWith('Name,Age,Job Title,Badge Number\r\n'))
    throw new Error(`unexpected answer ${response.status}: ${text.slice(0, 200)}`);
  // Quoted newlines aside, one line per row and the header.
  if (text.split('\r\n').length < rows) throw new Error(`answer too short: ${text.length} characters`);
}

export async function http(built, log) {
  if (!tools.wrk) {
    return {
      missing: 'wrk',
      markdown: '**Not run: missing `wrk`** (Debian: `pnpm bench:setup`, or `apt-get install wrk`).',
    };
  }
  const dir = mkdtempSync(`${tmpdir()}/csvfn-bench-`);
  const results = {};
  const servers = {};
  try {
    // Every server up at once (an idle one costs no CPU), measured in turns: load from elsewhere on
    // the machine then falls on all of them alike, not on whichever ran at the wrong moment.
    for (const name of NAMES) {
      if (built.servers[name]?.error) continue;
      try {
        servers[name] = await startServer(name, built.servers[name]);
      } catch (error) {
        built.servers[name] = { error: error.message.split('\n')[0] };
      }
    }
    for (const rows of HTTP_SIZES) {
      const body = employeesJson(rows);
      const bodyFile = `${dir}/body-${rows}.json`;
      writeFileSync(bodyFile, body);
      const live = NAMES.filter((name) => servers[name]);
      for (const name of NAMES)
        if (!servers[name]) results[`${name}@${rows}`] = { error: built.servers[name].error };
      const rounds = Object.fromEntries(live.map((name) => [name, []]));
      if (servers.csvfn) {
        servers[GZIP] = { ...servers.csvfn, acceptEncoding: 'gzip' };
        rounds[GZIP] = [];
        const plain = await answerBytes(servers.csvfn.url, body);
        const gzip = await answerBytes(servers.csvfn.url, body, 'gzip');
        results[`answer@${rows}`] = { plain, gzip };
      }
      for (const name of Object.keys(rounds)) {
        try {
          await sanityCheck(servers[name].url, body, rows);
          await wrk(servers[name].url, bodyFile, WARMUP_SECONDS, servers[name].acceptEncoding);
        } catch (error) {
          results[`${name}@${rows}`] = { error: error.message.split('\n')[0] };
          delete rounds[name];
        }
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const name of Object.keys(rounds)) {
          const server = servers[name];
          const cpuBefore = cpuMs(server.child.pid);
          const result = await wrk(server.url, bodyFile, SECONDS, server.acceptEncoding);
          const cpu = cpuMs(server.child.pid) - cpuBefore;
          const seconds = result.durationUs / 1e6;
          rounds[name].push({
            requestsPerSecond: result.requests / seconds,
            p50Ms: result.p50Us / 1000,
            p99Ms: result.p99Us / 1000,
            cpuMsPerRequest: cpu / result.requests,
            errors: result.non2xx + result.socketErrors,
          });
        }
      }
      for (const [name, measured] of Object.entries(rounds)) {
        const median = (field) => {
          const values = measured.map((m) => m[field]).sort((x, y) => x - y);
          return values[Math.floor(values.length / 2)];
        };
        const key = `${name}@${rows}`;
        results[key] = {
          requestsPerSecond: median('requestsPerSecond'),
          p50Ms: median('p50Ms'),
          p99Ms: median('p99Ms'),
          cpuMsPerRequest: median('cpuMsPerRequest'),
          errors: measured.reduce((sum, m) => sum + m.errors, 0),
        };
        log(
          `  http ${key}: ${whole(results[key].requestsPerSecond)} req/s, p99 ${ms(results[key].p99Ms)} ms, ${ms(results[key].cpuMsPerRequest)} CPU ms/req`,
        );
      }
    }
  } finally {
    delete servers[GZIP];
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  const vs = (rows, field, peer, name = 'csvfn') =>
    results[`${name}@${rows}`]?.[field] / results[`${peer}@${rows}`]?.[field];
  const tables = HTTP_SIZES.map((rows) => {
    const go = results[`go@${rows}`];
    const names = results[`${GZIP}@${rows}`] ? [...NAMES.slice(0, 1), GZIP, ...NAMES.slice(1)] : NAMES;
    const answer = results[`answer@${rows}`];
    const body = names.map((name) => {
      const r = results[`${name}@${rows}`];
      if (r.error) return [labelOf(name), r.error, '', '', '', '', '', '', ''];
      const hono = results[`hono@${rows}`];
      const bytes = name === GZIP ? answer?.gzip.bytes : name === 'csvfn' ? answer?.plain.bytes : undefined;
      return [
        labelOf(name),
        whole(r.requestsPerSecond),
        go?.requestsPerSecond ? ratio(r.requestsPerSecond / go.requestsPerSecond) : 'n/a',
        hono?.requestsPerSecond ? ratio(r.requestsPerSecond / hono.requestsPerSecond) : 'n/a',
        ms(r.p50Ms),
        ms(r.p99Ms),
        ms(r.cpuMsPerRequest),
        String(r.errors),
        bytes === undefined ? '' : whole(bytes),
      ];
    });
    return `**${rows.toLocaleString('en-US')}-row body** (${(Buffer.byteLength(employeesJson(rows)) / 1024).toFixed(0)} KiB of JSON), ${CONNECTIONS} connections; median of ${ROUNDS} rounds of ${SECONDS} s, servers in turn, after ${WARMUP_SECONDS} s of warm-up each\n\n${table(
      [
        'server',
        'req/s',
        '× Go',
        '× Hono',
        'p50 ms',
        'p99 ms',
        'server CPU ms/req',
        'errors',
        'answer bytes',
      ],
      body,
    )}`;
  });
  return {
    results,
    ratios: Object.fromEntries(
      HTTP_SIZES.map((rows) => [
        rows,
        {
          requestsPerSecond: vs(rows, 'requestsPerSecond', 'go'),
          // Requests per second of server CPU (Go's CPU per request ÷ csvfn's): the req/s ratio each
          // server would get with a whole CPU to itself, which other work on a shared machine does not move.
          requestsPerCpuSecond: 1 / vs(rows, 'cpuMsPerRequest', 'go'),
          p99: vs(rows, 'p99Ms', 'go'),
          requestsPerSecondVsHono: vs(rows, 'requestsPerSecond', 'hono'),
          p99VsHono: vs(rows, 'p99Ms', 'hono'),
          gzipRequestsPerSecond: vs(rows, 'requestsPerSecond', 'csvfn', GZIP),
          gzipBytes: results[`answer@${rows}`]
            ? results[`answer@${rows}`].gzip.bytes / results[`answer@${rows}`].plain.bytes
            : undefined,
          gzipEncoding: results[`answer@${rows}`]?.gzip.encoding,
        },
      ]),
    ),
    markdown: tables.join('\n\n'),
  };
}
