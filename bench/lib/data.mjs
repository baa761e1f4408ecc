/**
 * Deterministic employee rows: the same bytes on every run and machine, with the mix a real export
 * carries (see MIX): JSON escapes (`\"`, `\n`, `\t`) in about 10% of rows, a non-ASCII name in about
 * 29%, a long job title in about 5%, and a few strings a CSV writer must quote or a spreadsheet
 * would run as a formula.
 */

/** mulberry32: a tiny seeded PRNG, so the data never depends on Math.random. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The share of rows holding each kind of text (each row draws them independently). */
export const MIX = { escapes: 0.1, nonAscii: 0.31, long: 0.05, quoted: 0.05, formula: 0.02 };

const FIRST = ['John', 'Jane', 'Ada', 'Linus', 'Grace', 'Alan', 'Margaret', 'Ken', 'Barbara', 'Dennis'];
const LAST = ['Doe', 'Lovelace', 'Torvalds', 'Hopper', 'Turing', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie'];
const NON_ASCII = [
  'Zoë Ünïcödé', // Latin-1 range
  'José Núñez',
  'Łukasz Wójcik', // Latin Extended-A
  'Søren Østergaard',
  'Jürgen Müller',
  'Ἀλέξανδρος Παπαδόπουλος', // Greek
  'Дмитрий Иванов', // Cyrillic
  '名前 太郎', // CJK
  '김민준', // Hangul
  'Emoji 😀 Person', // astral plane
];
const TITLES = ['Software Developer', 'Engineering Manager', 'Data Scientist', 'SRE', 'Product Owner', 'QA'];
/** Strings whose JSON holds an escape. */
const ESCAPED = ['John "Johnny" Doe', 'Line\nBreak', 'Tab\tSeparated', 'Say "hi"\n(twice)', 'C:\\temp'];
const QUOTED = ['Doe, John', 'Dev; Ops', ' leading space', '-5', 'Ｃｈｉｅｆ ＝ Officer'];
const FORMULA = ['=HYPERLINK("http://x","y")', '@SUM(A1:A9)', '+1 Engineer', '＝CMD'];
const LONG =
  'Principal Software Engineer, Platform Reliability and Developer Experience (remote, EMEA), ' +
  'responsible for the build, test and release pipelines of every service the company runs';

/** `count` employee objects. */
export function employees(count, seed = 42) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const rows = new Array(count);
  for (let i = 0; i < count; i++) {
    let name = random() < MIX.nonAscii ? pick(NON_ASCII) : `${pick(FIRST)} ${pick(LAST)}`;
    let jobTitle = random() < MIX.long ? LONG : pick(TITLES);
    const special = random();
    if (special < MIX.escapes) {
      if (random() < 0.5) name = pick(ESCAPED);
      else jobTitle = pick(ESCAPED);
    } else if (special < MIX.escapes + MIX.quoted) jobTitle = pick(QUOTED);
    else if (special < MIX.escapes + MIX.quoted + MIX.formula) name = pick(FORMULA);
    rows[i] = {
      name,
      age: 18 + Math.floor(random() * 50),
      jobTitle,
      badgeNumber: 10000 + Math.floor(random() * 90000),
    };
  }
  return rows;
}

/** The mix as measured on `rows` (for RESULTS): shares of rows whose JSON has an escape, a non-ASCII name, a long string. */
export function mixOf(rows) {
  let escapes = 0;
  let nonAscii = 0;
  let long = 0;
  for (const row of rows) {
    if (JSON.stringify(row).includes('\\')) escapes++;
    if (/[^\x00-\x7f]/.test(row.name)) nonAscii++;
    if (row.jobTitle.length > 100) long++;
  }
  return { escapes: escapes / rows.length, nonAscii: nonAscii / rows.length, long: long / rows.length };
}

/** The request body for `count` rows: one JSON array. */
export function employeesJson(count, seed) {
  return JSON.stringify(employees(count, seed));
}

/**
 * NDJSON lines, `rowsPerChunk` at a time, until `totalBytes` have been produced (or just over).
 * A pool of 16 distinct chunks is cycled, so the load generator spends its CPU sending, not generating.
 */
export function* ndjsonChunks(totalBytes, rowsPerChunk = 1000, seed = 7) {
  const pool = Array.from({ length: 16 }, (_, round) =>
    Buffer.from(
      employees(rowsPerChunk, seed + round)
        .map((row) => `${JSON.stringify(row)}\n`)
        .join(''),
    ),
  );
  let produced = 0;
  for (let round = 0; produced < totalBytes; round++) {
    const bytes = pool[round % pool.length];
    produced += bytes.byteLength;
    yield bytes;
  }
}
