import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { toCsv } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, runCli, runShell } from './cli.js';

const seed = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
const SEED_CSV =
  'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n';
const fixture = (name: string) => join(PACKAGE_DIR, 'test', 'fixtures', name);
const ndjson = (rows: unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
const NO_STACK = /\n\s+at .+:\d+:\d+/;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csvfn-convert-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `count` employee rows as NDJSON (or a JSON array) to a file, streaming, and returns its path. */
async function bigFile(name: string, count: number, format: 'ndjson' | 'json'): Promise<string> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  const block = 5_000;
  const row = (i: number) =>
    JSON.stringify({
      name: `Employee ${i}`,
      age: 20 + (i % 50),
      jobTitle: 'Software Developer',
      badgeNumber: i,
    });
  if (format === 'json') out.write('[\n');
  for (let start = 0; start < count; start += block) {
    let text = '';
    for (let i = start; i < Math.min(start + block, count); i++)
      text += format === 'json' ? `${row(i)}${i === count - 1 ? '\n' : ',\n'}` : `${row(i)}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  if (format === 'json') out.write(']\n');
  out.end();
  await once(out, 'finish');
  return path;
}

describe('csvfn convert: files, stdin and stdout', () => {
  it('converts a JSON array file to the same CSV as the function', async () => {
    const run = await runCli(['convert', '--schema', 'employee', fixture('employees.json')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.toString('utf8')).toBe(SEED_CSV);
    expect(run.stdout.toString('utf8')).toBe(toCsv(seed, { schema: employeeSchema }));
  });

  it('reads NDJSON from stdin, given - or no file at all', async () => {
    for (const args of [
      ['convert', '--schema', 'employee', '-'],
      ['convert', '--schema', 'employee'],
    ]) {
      const run = await runCli(args, { input: ndjson(seed) });
      expect(run.code).toBe(0);
      expect(run.stdout.toString('utf8')).toBe(SEED_CSV);
    }
  });

  it('reads a JSON array from stdin, BOM and CRLF and blank lines included', async () => {
    const run = await runCli(['convert', '--schema', 'employee'], {
      input: `\uFEFF\r\n  ${JSON.stringify(seed, null, 2).replaceAll('\n', '\r\n')}\r\n`,
    });
    expect(run.code).toBe(0);
    expect(run.stdout.toString('utf8')).toBe(SEED_CSV);
    const lines = await runCli(['convert', '--schema', 'employee'], {
      input: `\n${JSON.stringify(seed[0])}\r\n\r\n${JSON.stringify(seed[1])}`,
    });
    expect(lines.stdout.toString('utf8')).toBe(SEED_CSV);
  });

  it('writes -o to a file and, piped, says nothing at all', async () => {
    const out = join(dir, 'employees.csv');
    const run = await runCli(['convert', '--schema', 'employee', fixture('employees.json'), '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toBe('');
    expect(await readFile(out, 'utf8')).toBe(SEED_CSV);
    expect((await readdir(dir)).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('an empty input gives the header row alone', async () => {
    for (const input of ['', '[]', '\n\n']) {
      const run = await runCli(['convert', '--schema', 'employee'], { input });
      expect(run.code).toBe(0);
      expect(run.stdout.toString('utf8')).toBe('Name,Age,Job Title,Badge Number\r\n');
    }
  });

  it('takes the options: --delimiter, --bom, --no-header, --eol', async () => {
    const semicolons = await runCli([
      'convert',
      '--schema',
      'employee',
      fixture('employees.json'),
      '--delimiter',
      ';',
      '--bom',
      '--eol',
      'lf',
    ]);
    expect(semicolons.code).toBe(0);
    expect(semicolons.stdout.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(semicolons.stdout.toString('utf8')).toBe(
      toCsv(seed, { schema: employeeSchema, delimiter: ';', bom: true, eol: 'lf' }),
    );
    const tabs = await runCli([
      'convert',
      '--schema',
      'employee',
      fixture('employees.json'),
      '-d',
      'tab',
      '--no-header',
    ]);
    expect(tabs.stdout.toString('utf8')).toBe(
      'John Doe\t45\tSoftware Developer\t58195\r\nJane Doe\t32\tSoftware Developer\t58191\r\n',
    );
  });

  it('defuses spreadsheet formulas unless told --no-escape-formulas', async () => {
    const row = { ...seed[0], jobTitle: '=HYPERLINK("http://x")' };
    const safe = await runCli(['convert', '--schema', 'employee'], { input: JSON.stringify([row]) });
    expect(safe.stdout.toString('utf8')).toContain(`,"'=HYPERLINK(""http://x"")",`);
    const raw = await runCli(['convert', '--schema', 'employee', '--no-escape-formulas'], {
      input: JSON.stringify([row]),
    });
    expect(raw.stdout.toString('utf8')).toContain(`,"=HYPERLINK(""http://x"")",`);
  });
});

describe('csvfn convert: bad data', () => {
  it('a row that fails the schema: row number, JSON Pointer, exit 1, and no half-written -o file', async () => {
    const rows = [seed[0], seed[1], { ...seed[1], age: 'forty', badgeNumber: undefined }];
    const input = join(dir, 'bad.json');
    await writeFile(input, JSON.stringify(rows, null, 2));
    const out = join(dir, 'bad.csv');
    const run = await runCli(['convert', '--schema', 'employee', input, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('row 3 does not match the schema');
    expect(run.stderr).toContain('/2/age: Expected number, received string');
    expect(run.stderr).toContain('/2/badgeNumber: Required');
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(existsSync(out)).toBe(false);
    expect((await readdir(dir)).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('in NDJSON, the line of the bad row too', async () => {
    const input = `${JSON.stringify(seed[0])}\n\n${JSON.stringify({ ...seed[1], age: 3.5 })}\n`;
    const run = await runCli(['convert', '--schema', 'employee', '-'], { input });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'csvfn: stdin: row 2 (line 3) does not match the schema; conversion stopped there:\n  /1/age: Expected integer, received number\n',
    );
    // Whatever was written before the bad row is a clean prefix of the CSV; the bad row never is.
    const good = `Name,Age,Job Title,Badge Number\r\n${SEED_CSV.split('\r\n')[1]}\r\n`;
    expect(good.startsWith(run.stdout.toString('utf8'))).toBe(true);
  });

  it('an item that is not an object is pointed at', async () => {
    const run = await runCli(['convert', '--schema', 'employee'], { input: JSON.stringify([seed[0], 42]) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('row 2 does not match the schema');
    expect(run.stderr).toContain('/1: Expected object, received number');
  });

  it('malformed JSON: where it goes wrong, by line and column, exit 1', async () => {
    const array = await runCli(['convert', '--schema', 'employee', '-'], {
      input: '[\n  {"name": "A", "age": 1,}\n]',
    });
    expect(array.code).toBe(1);
    expect(array.stderr).toBe('csvfn: stdin: Unexpected "}" at line 2, column 26\n');

    const cut = await runCli(['convert', '--schema', 'employee', '-'], { input: '[{"name": "A"' });
    expect(cut.stderr).toBe('csvfn: stdin: Unexpected end of input at line 1, column 14\n');

    const lines = await runCli(['convert', '--schema', 'employee', '-'], {
      input: `${JSON.stringify(seed[0])}\n{"name": "B" "age": 2}\n`,
    });
    expect(lines.code).toBe(1);
    expect(lines.stderr).toBe('csvfn: stdin: Unexpected "age" at line 2, column 14\n');

    const file = join(dir, 'pretty.json');
    await writeFile(file, '{\n  "name": "A"\n}\n');
    const object = await runCli(['convert', '--schema', 'employee', file]);
    expect(object.code).toBe(1);
    expect(object.stderr).toContain(`${file}: Unexpected end of line`);
    expect(object.stderr).toContain('a JSON file must hold an array of objects');
  });

  it('reports the first problem in input order: a bad row before a syntax error after it', async () => {
    const badRow = JSON.stringify({ ...seed[0], age: 'x' });
    const ndjson = await runCli(['convert', '--schema', 'employee'], {
      input: `${JSON.stringify(seed[1])}\n${badRow}\n{"name":\n`,
    });
    expect(ndjson.code).toBe(1);
    expect(ndjson.stderr).toContain('row 2 (line 2) does not match the schema');
    const array = await runCli(['convert', '--schema', 'employee'], {
      input: `[${JSON.stringify(seed[1])}, ${badRow}, {"name": }]`,
    });
    expect(array.code).toBe(1);
    expect(array.stderr).toContain('row 2 does not match the schema');
    expect(array.stderr).toContain('/1/age: Expected number, received string');
  });

  it('invalid UTF-8 is refused', async () => {
    const input = Buffer.concat([Buffer.from('[{"name": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]')]);
    const run = await runCli(['convert', '--schema', 'employee'], { input });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('csvfn: stdin: The input is not valid UTF-8 at line 1\n');
  });
});

describe('csvfn convert: the command line', () => {
  it('clear errors for a missing file, a folder, bad flags; exit 2, no stack trace', async () => {
    const cases: Array<[string[], string]> = [
      [['convert', join(dir, 'nope.json')], `csvfn: ${join(dir, 'nope.json')}: no such file or directory`],
      [['convert', dir], `csvfn: ${dir}: is a directory, not a file`],
      [['convert', '--delimiter', 'x'], "csvfn: option '-d, --delimiter <char>' argument 'x' is invalid"],
      [['convert', '--eol', 'cr'], "csvfn: option '--eol <eol>' argument 'cr' is invalid"],
      [['convert', '--frobnicate'], "csvfn: unknown option '--frobnicate'"],
      [['conver'], "csvfn: unknown command 'conver'\n(Did you mean convert?)"],
      [
        ['convert', fixture('employees.json'), '-o', join(dir, 'no', 'such', 'dir.csv')],
        `csvfn: ${join(dir, 'no', 'such', 'dir.csv')}: no such file or directory`,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
      expect(run.stderr).not.toMatch(NO_STACK);
      expect(run.stdout.length).toBe(0);
    }
  });

  it('--schema takes a JSON Schema file: its properties are the columns, its titles the labels', async () => {
    const rows = [
      { id: 'a1', name: 'Ann', startDate: '2024-01-02', remote: true },
      { name: 'Bob', id: 'b2' },
    ];
    const run = await runCli(['convert', '--schema', fixture('staff.schema.json')], {
      input: JSON.stringify(rows),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.toString('utf8')).toBe(
      'Staff ID,Name,Started,Remote\r\na1,Ann,2024-01-02,true\r\nb2,Bob,,\r\n',
    );

    const bad = await runCli(['convert', '--schema', fixture('staff.schema.json')], {
      input: JSON.stringify([{ id: 7, name: 'Cy' }]),
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/0/id: Expected string, received number');
  });

  it('--schema takes a module exporting a zod schema', async () => {
    const run = await runCli(['convert', '-s', fixture('staff.schema.mjs')], {
      input: ndjson([
        { id: 'a1', name: 'Ann', remote: false },
        { id: 'b2', name: 'Bob' },
      ]),
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.toString('utf8')).toBe('Staff ID,Name,Remote\r\na1,Ann,false\r\nb2,Bob,\r\n');
  });

  it('--no-schema: columns from the rows, nested objects flattened', async () => {
    const run = await runCli(['convert', '--no-schema'], {
      input: JSON.stringify([{ sku: 'x', price: { amount: 5, currency: 'EUR' } }, { sku: 'y' }]),
    });
    expect(run.stdout.toString('utf8')).toBe('sku,price.amount,price.currency\r\nx,5,EUR\r\ny,,\r\n');
  });

  it('a schema file that is missing, of the wrong kind, or exports no zod schema: exit 2', async () => {
    const notJson = join(dir, 'broken.json');
    await writeFile(notJson, '{ "type": ');
    const cases: Array<[string, string]> = [
      [join(dir, 'missing.json'), 'no such file or directory'],
      [join(dir, 'missing.mjs'), 'no such file or directory'],
      [fixture('employees.json'), 'the schema must be a JSON Schema of "type": "object" with "properties"'],
      [notJson, 'not valid JSON'],
      [fixture('noSchemaExport.mjs'), 'the module must export a zod object schema'],
      [
        join(PACKAGE_DIR, 'package.yaml'),
        'a schema must be "employee", a JSON Schema file (.json) or a module',
      ],
    ];
    for (const [schema, message] of cases) {
      const run = await runCli(['convert', '--schema', schema], { input: '[]' });
      expect(run.code, schema).toBe(2);
      expect(run.stderr, schema).toContain(message);
      expect(run.stderr).not.toMatch(NO_STACK);
    }
  });

  it('--help for every command, and the version', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['convert', 'serve', 'invoke', 'openapi'])
      expect(top.stdout.toString()).toContain(command);
    for (const command of ['convert', 'serve', 'invoke', 'openapi']) {
      const help = await runCli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout.toString(), command).toContain(`Usage: csvfn ${command}`);
      const viaHelp = await runCli(['help', command]);
      expect(viaHelp.stdout.toString()).toBe(help.stdout.toString());
    }
    const convertHelp = (await runCli(['convert', '--schema', 'employee', '--help'])).stdout.toString();
    for (const flag of ['--output', '--delimiter', '--bom', '--no-header', '--schema', '--no-progress'])
      expect(convertHelp).toContain(flag);
    const version = await runCli(['--version']);
    const { version: expected } = JSON.parse(await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8'));
    expect(version.stdout.toString().trim()).toBe(expected);
  });

  it('no command: the usage, on stderr, exit 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: csvfn');
  });
});

describe('csvfn convert: pipes, terminals, big inputs', () => {
  it('works inside a pipeline, and stops quietly when the reader has had enough', async () => {
    const input = await bigFile('pipe.ndjson', 200_000, 'ndjson');
    const run = await runShell(
      `cat "${input}" | csvfn convert --schema employee | head -n 3; echo "status \${PIPESTATUS[1]}" >&2`,
    );
    expect(run.stdout.toString('utf8')).toBe(
      'Name,Age,Job Title,Badge Number\r\nEmployee 0,20,Software Developer,0\r\nEmployee 1,21,Software Developer,1\r\n',
    );
    expect(run.stderr).toBe('status 0\n');
  });

  it('draws a progress bar on a terminal: rows, bytes, rate, and ETA when the size is known', async () => {
    const input = await bigFile('tty.ndjson', 50_000, 'ndjson');
    const out = join(dir, 'tty.csv');
    // `script` runs the command on a pseudo-terminal and copies what it draws to stdout.
    const tty = await runShell(`script -qec 'csvfn convert "${input}" -o "${out}"' /dev/null`);
    const screen = tty.stdout.toString('utf8');
    expect(tty.code, screen + tty.stderr).toBe(0);
    expect(screen).toContain('100%');
    expect(screen).toContain('50,000 rows');
    expect(screen).toMatch(/[\d.]+ MiB of [\d.]+ MiB/);
    expect(screen).toMatch(/[\d.]+ (KiB|MiB|GiB)\/s/);
    expect(screen).toContain('ETA');
    expect((await readFile(out, 'utf8')).split('\r\n')).toHaveLength(50_002);

    // Size unknown (a pipe): rows, bytes and rate, no bar and no ETA.
    const piped = await runShell(`script -qec 'cat "${input}" | csvfn convert -o "${out}"' /dev/null`);
    const pipedScreen = piped.stdout.toString('utf8');
    expect(pipedScreen).toContain('50,000 rows');
    expect(pipedScreen).not.toContain('ETA');

    // --no-progress, and any run whose stderr is not a terminal, draw nothing.
    const quiet = await runShell(
      `script -qec 'csvfn convert "${input}" -o "${out}" --no-progress' /dev/null`,
    );
    expect(quiet.stdout.toString('utf8').trim()).toBe('');
    const redirected = await runShell(
      `script -qec 'csvfn convert "${input}" -o "${out}" 2>/dev/null' /dev/null`,
    );
    expect(redirected.stdout.toString('utf8').trim()).toBe('');
  });

  it('with nothing piped in on a terminal, asks for input instead of waiting', async () => {
    const tty = await runShell(`script -qec 'csvfn convert; echo "exit $?"' /dev/null`);
    const screen = tty.stdout.toString('utf8');
    expect(screen).toContain('csvfn: no input: name a JSON or NDJSON file, or pipe one in');
    expect(screen).toContain('exit 2');
  });

  it('converts NDJSON far larger than its heap: memory stays flat', { timeout: 180_000 }, async () => {
    // 1.8 million rows are about 150 MB; a 48 MB heap could not hold the input, let alone the CSV.
    const input = await bigFile('big.ndjson', 1_800_000, 'ndjson');
    const out = join(dir, 'big.csv');
    const run = await runCli(['convert', '--schema', 'employee', input, '-o', out], {
      nodeArgs: ['--max-old-space-size=48'],
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(csv.startsWith('Name,Age,Job Title,Badge Number\r\nEmployee 0,20,')).toBe(true);
    expect(csv.endsWith('Employee 1799999,69,Software Developer,1799999\r\n')).toBe(true);
    await rm(input);
    await rm(out);
  });

  it('without a schema too: a JSON array file in two passes, and NDJSON on stdin, larger than the heap', {
    timeout: 240_000,
  }, async () => {
    const array = await bigFile('big-schemaless.json', 1_000_000, 'json');
    const out = join(dir, 'big-schemaless.csv');
    const run = await runCli(['convert', array, '-o', out], { nodeArgs: ['--max-old-space-size=64'] });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(csv.startsWith('name,age,jobTitle,badgeNumber\r\nEmployee 0,20,')).toBe(true);
    expect(csv.endsWith('Employee 999999,69,Software Developer,999999\r\n')).toBe(true);
    await rm(array);
    // stdin is kept for a second pass only when it is a JSON array: NDJSON streams in one.
    const lines = await bigFile('big-schemaless.ndjson', 1_000_000, 'ndjson');
    const piped = await runShell(`cat '${lines}' | csvfn convert > '${out}'`, {
      env: { NODE_OPTIONS: '--max-old-space-size=48' },
    });
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    expect((await readFile(out, 'utf8')).endsWith('Employee 999999,69,Software Developer,999999\r\n')).toBe(
      true,
    );
    await rm(lines);
    await rm(out);
  });

  it('streams a JSON array too, larger than its heap', { timeout: 180_000 }, async () => {
    const input = await bigFile('big.json', 1_000_000, 'json');
    const out = join(dir, 'big-array.csv');
    const run = await runCli(['convert', '--schema', 'employee', input, '-o', out], {
      nodeArgs: ['--max-old-space-size=64'],
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(csv.split('\r\n')).toHaveLength(1_000_002);
    expect(csv.endsWith('Employee 999999,69,Software Developer,999999\r\n')).toBe(true);
    await rm(input);
    await rm(out);
  });
});

it('keeps its temporary files to itself', async () => {
  await mkdir(join(dir, 'clean'), { recursive: true });
  const run = await runCli([
    'convert',
    '--schema',
    'employee',
    fixture('employees.json'),
    '-o',
    join(dir, 'clean', 'x.csv'),
  ]);
  expect(run.code).toBe(0);
  expect(await readdir(join(dir, 'clean'))).toEqual(['x.csv']);
});

describe('csvfn convert: issue 12', () => {
  const orders = [{ id: 12345678901234567890n, customer: { name: 'Ada' }, status: 'open' }];
  const ordersJson = JSON.stringify(orders, (_key, value) =>
    typeof value === 'bigint' ? `§${value}§` : value,
  ).replace(/"§(\d+)§"/g, '$1');

  it('--schema orders.ts#orderSchema: a TypeScript module and a named export, numbers kept as written', async () => {
    const run = await runCli(['convert', '--schema', `${fixture('orders.ts')}#orderSchema`], {
      input: ordersJson,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.toString('utf8')).toBe('Order #,Customer,Status\r\n12345678901234567890,Ada,open\r\n');
    const missing = await runCli(['convert', '--schema', `${fixture('orders.ts')}#nope`], { input: '[]' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no zod schema exported as "nope" (schemas exported: orderSchema)');
  });

  it('no schema by default, and a gzipped input is read as what it holds', async () => {
    const run = await runCli(['convert'], { input: gzipSync(ordersJson) });
    expect(run.stderr).toBe('');
    expect(run.stdout.toString('utf8')).toBe('id,customer.name,status\r\n12345678901234567890,Ada,open\r\n');
  });
});

describe('csvfn convert: the function’s columns in every input form', () => {
  const rows = [{ a: 1 }, { a: 2, b: 3 }];
  // What the function and toCsv answer for these rows (issue 21): every key of the array.
  const FUNCTION_CSV = 'a,b\r\n1,\r\n2,3\r\n';

  it('a JSON array on stdin, in a file, and gzipped: all its rows’ keys, as the function', async () => {
    const piped = await runShell(`printf '%s' '${JSON.stringify(rows)}' | csvfn convert`);
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    expect(piped.stdout.toString('utf8')).toBe(FUNCTION_CSV);
    const file = join(dir, 'mixed.json');
    await writeFile(file, JSON.stringify(rows, null, 2));
    const fromFile = await runCli(['convert', file]);
    expect(fromFile.stdout.toString('utf8')).toBe(FUNCTION_CSV);
    const zipped = await runCli(['convert'], { input: gzipSync(JSON.stringify(rows)) });
    expect(zipped.stdout.toString('utf8')).toBe(FUNCTION_CSV);
    // A key that only a late row has, nested too.
    const late = [{ id: 1 }, { id: 2 }, { id: 3, extra: { deep: true } }];
    const lateRun = await runCli(['convert', '-'], { input: JSON.stringify(late) });
    expect(lateRun.stdout.toString('utf8')).toBe('id,extra.deep\r\n1,\r\n2,\r\n3,true\r\n');
  });

  it('NDJSON: the first line sets the columns (the function’s streaming rule), and the error speaks of columns', async () => {
    const run = await runCli(['convert'], { input: ndjson(rows) });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'csvfn: stdin: row 2 (line 2) cannot be written in the columns; conversion stopped there:\n' +
        '  /1/b: "b" is not a column: the first row set the columns of this stream, and it had no "b"\n',
    );
    expect(run.stderr).not.toMatch(/schema/);
  });

  it('--unwind items: one record per item, the order repeated, as toCsv', async () => {
    const orders = [
      {
        id: 1,
        items: [
          { sku: 'A', qty: 2 },
          { sku: 'B', qty: 1 },
        ],
      },
      { id: 2, items: [] },
    ];
    const file = join(dir, 'orders.json');
    await writeFile(file, JSON.stringify(orders));
    const run = await runCli(['convert', file, '--unwind', 'items']);
    expect(run.stderr).toBe('');
    expect(run.stdout.toString('utf8')).toBe('id,items.sku,items.qty\r\n1,A,2\r\n1,B,1\r\n2,,\r\n');
    const streamed = await runCli(['convert', '--unwind', 'items'], { input: ndjson(orders) });
    expect(streamed.stdout.toString('utf8')).toBe('id,items.sku,items.qty\r\n1,A,2\r\n1,B,1\r\n2,,\r\n');
  });
});
