/**
 * Deterministic employee rows: the same bytes on every run and machine. About one row in five
 * carries something a CSV writer must handle: a quote, a comma, a newline, non-ASCII text, or a
 * string a spreadsheet would run as a formula.
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

const FIRST = ['John', 'Jane', 'Ada', 'Linus', 'Grace', 'Alan', 'Margaret', 'Ken', 'Barbara', 'Dennis'];
const LAST = ['Doe', 'Lovelace', 'Torvalds', 'Hopper', 'Turing', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie'];
const TITLES = ['Software Developer', 'Engineering Manager', 'Data Scientist', 'SRE', 'Product Owner', 'QA'];
const NASTY_NAMES = [
  'Doe, John', // comma
  'John "Johnny" Doe', // quotes
  'Line\nBreak', // newline
  'Zoë Ünïcödé', // Latin-1 range
  '名前 太郎', // CJK
  'Emoji 😀 Person', // astral plane
  '=HYPERLINK("http://x","y")', // formula
  '@SUM(A1:A9)', // formula
  '-5', // plain number: must stay unescaped
  ' leading space', // whitespace at the edge
];
const NASTY_TITLES = ['Dev; Ops', '+1 Engineer', 'Tab\tSeparated', 'Ｃｈｉｅｆ ＝ Officer', '＝CMD'];

/** `count` employee objects. */
export function employees(count, seed = 42) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const rows = new Array(count);
  for (let i = 0; i < count; i++) {
    const nasty = random() < 0.2;
    rows[i] = {
      name: nasty && random() < 0.6 ? pick(NASTY_NAMES) : `${pick(FIRST)} ${pick(LAST)}`,
      age: 18 + Math.floor(random() * 50),
      jobTitle: nasty && random() < 0.5 ? pick(NASTY_TITLES) : pick(TITLES),
      badgeNumber: 10000 + Math.floor(random() * 90000),
    };
  }
  return rows;
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
