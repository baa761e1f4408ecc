import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_FLAGS as FLAGS } from '@csvfn/harness/chromium';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, type Served, startServe } from './cli.js';

const ARTIFACTS = join(PACKAGE_DIR, 'test-artifacts');
// axe-core's browser build, evaluated in the page (the playground's CSP forbids an injected tag).
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const seed = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];

describe('the playground, in headless Chromium', () => {
  let served: Served;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    await mkdir(ARTIFACTS, { recursive: true });
    served = await startServe(['--port', '0', '--no-log']);
    profile = await mkdtemp(join(tmpdir(), 'csvfn-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      acceptDownloads: true,
      viewport: { width: 1100, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await served?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  /** What the API itself answers for the same body and options. */
  async function apiBytes(body: string, query: string): Promise<Buffer> {
    const response = await fetch(`${served.url}/api?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  async function tableText(): Promise<string[][]> {
    return page
      .getByRole('table')
      .evaluate((table: HTMLTableElement) =>
        Array.from(table.rows, (row) => Array.from(row.cells, (cell) => cell.textContent ?? '')),
      );
  }

  /** axe-core's violations on the page as it is now (WCAG 2.x A/AA and best practices). */
  async function axeViolations(): Promise<string[]> {
    await page.evaluate(await AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: any }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map(
        (v: { id: string; help: string; nodes: { target: string[] }[] }) =>
          `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
    });
    return violations;
  }

  it("a newcomer's first click on Convert, on a phone-sized screen, converts the example, with no axe-core violation before or after", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${served.url}/`);
      await expect.poll(() => page.title()).toBe('csvfn playground');
      // The example is the box's content, not a placeholder: what the first click sends.
      expect(JSON.parse(await page.getByLabel('JSON rows').inputValue())).toEqual(seed);
      expect(await axeViolations()).toEqual([]);

      await page.getByRole('button', { name: 'Convert' }).click();
      await expect.poll(tableText).toEqual([
        ['Name', 'Age', 'Job Title', 'Badge Number'],
        ['John Doe', '45', 'Software Developer', '58195'],
        ['Jane Doe', '32', 'Software Developer', '58191'],
      ]);
      expect(await page.getByRole('status').textContent()).toMatch(
        /^Converted 2 rows to \d+ bytes of CSV\.$/,
      );
      expect(await axeViolations()).toEqual([]);
      // The preview scrolls on a narrow screen: a keyboard reaches it, and it has a name.
      const preview = page.getByRole('region', { name: 'CSV preview' });
      expect(await preview.getAttribute('tabindex')).toBe('0');
      await page.screenshot({ path: join(ARTIFACTS, 'playground-phone.png'), fullPage: true });

      // "Load the example" brings it back after the box was cleared.
      await page.getByLabel('JSON rows').fill('');
      await page.getByRole('button', { name: 'Load the example' }).click();
      expect(JSON.parse(await page.getByLabel('JSON rows').inputValue())).toEqual(seed);
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 });
    }
  });

  it('converts pasted JSON, shows the table, and downloads exactly what the API answers', async () => {
    await page.goto(`${served.url}/`);
    await expect.poll(() => page.title()).toBe('csvfn playground');

    const body = JSON.stringify(seed, null, 2);
    await page.getByLabel('JSON rows').fill(body);
    await page.getByLabel('Delimiter').selectOption({ label: 'Semicolon ( ; )' });
    await page.getByLabel('Byte-order mark').check();
    await page.getByRole('button', { name: 'Convert' }).click();

    await expect.poll(tableText).toEqual([
      ['Name', 'Age', 'Job Title', 'Badge Number'],
      ['John Doe', '45', 'Software Developer', '58195'],
      ['Jane Doe', '32', 'Software Developer', '58191'],
    ]);
    expect(await page.getByRole('status').textContent()).toBe('Converted 2 rows to 112 bytes of CSV.');
    expect(await page.getByRole('columnheader').allTextContents()).toEqual([
      'Name',
      'Age',
      'Job Title',
      'Badge Number',
    ]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download data.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('data.csv');
    const downloaded = await readFile((await download.path())!);
    const expected = await apiBytes(body, 'delimiter=%3B&header=true&bom=true');
    expect(downloaded.equals(expected)).toBe(true);
    expect(downloaded.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    await page.screenshot({ path: join(ARTIFACTS, 'playground.png'), fullPage: true });
  });

  it('shows a bad row’s error, pointing at the row and field, and selects it in the input', async () => {
    await page.goto(`${served.url}/`);
    const rows = [seed[0], { ...seed[1], age: 'thirty-two' }];
    await page.getByLabel('JSON rows').fill(JSON.stringify(rows, null, 2));
    await page.getByRole('button', { name: 'Convert' }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.getByRole('heading').textContent()).toBe('Rows do not match the schema');
    const issue = alert.getByRole('button', { name: 'Row 2, field age: Expected number, received string' });
    expect(await issue.count()).toBe(1);
    expect(await page.getByRole('status').textContent()).toBe(
      'The function answered 422: Rows do not match the schema.',
    );
    expect(await page.getByRole('table').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: /Download/ }).isVisible()).toBe(false);

    await issue.click();
    const selected = await page
      .getByLabel('JSON rows')
      .evaluate((input: HTMLTextAreaElement) => input.value.slice(input.selectionStart, input.selectionEnd));
    expect(selected).toBe('"age": "thirty-two"');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rows');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-error.png'), fullPage: true });
  });

  it('a bad row deep in a long NDJSON stream: the stream ends early, and the page says so', async () => {
    await page.goto(`${served.url}/`);
    const good = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ...seed[0], badgeNumber: i }));
    const text = [...good, JSON.stringify({ ...seed[1], age: 'x' })].join('\n');
    // As a paste would: `fill` types 3000 lines into the box, which takes Chromium many seconds.
    await page.getByLabel('JSON rows').evaluate((box: HTMLTextAreaElement, value) => {
      box.value = value;
    }, text);
    await page.getByRole('button', { name: 'Convert' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.getByRole('heading').textContent()).toBe('The conversion stopped partway');
    expect(await page.getByRole('link', { name: /Download/ }).isVisible()).toBe(false);

    // As a JSON array the same rows are checked whole, and the error names the row.
    await page.getByLabel('JSON rows').fill(`[${text.replaceAll('\n', ',')}]`);
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect
      .poll(() => alert.getByRole('button').first().textContent())
      .toBe('Row 3001, field age: Expected number, received string');
  });

  it('points at malformed JSON by line and column', async () => {
    await page.goto(`${served.url}/`);
    await page.getByLabel('JSON rows').fill('[\n  {"name": "A",}\n]');
    await page.getByRole('button', { name: 'Convert' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.getByRole('heading').textContent()).toBe('Body is not valid JSON');
    await alert.getByRole('button', { name: /^Line 2, column \d+$/ }).click();
    const caret = await page
      .getByLabel('JSON rows')
      .evaluate(
        (input: HTMLTextAreaElement) => input.value.slice(0, input.selectionStart).split('\n').length,
      );
    expect(caret).toBe(2);
  });

  it('works from the keyboard alone: Tab to the options, Ctrl+Enter to convert', async () => {
    await page.goto(`${served.url}/`);
    await page.getByLabel('JSON rows').fill('');
    await page.getByLabel('JSON rows').focus();
    await page.keyboard.insertText(seed.map((row) => JSON.stringify(row)).join('\n'));
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await tableText()).length).toBe(3);

    // Every control is reachable with Tab and has a name.
    const reached: string[] = [];
    await page.getByLabel('JSON rows').focus();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element) return '';
          const label = element.id
            ? document.querySelector(`label[for="${element.id}"]`)?.textContent
            : undefined;
          return (label ?? element.textContent ?? '').trim();
        }),
      );
    }
    for (const name of [
      'Open a file',
      'Load the example',
      'Delimiter',
      'Header row',
      'Byte-order mark',
      'Convert',
    ])
      expect(reached).toContain(name);
    expect(reached.some((name) => name.startsWith('Download'))).toBe(true);

    // No header, by keyboard: the table then gets numbered headings.
    await page.getByRole('checkbox', { name: 'Header row' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Convert' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await tableText())[0])
      .toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4']);
    expect((await tableText()).length).toBe(3);
  });

  it('opens a dropped file', async () => {
    await page.goto(`${served.url}/`);
    const text = JSON.stringify(seed);
    const transfer = await page.evaluateHandle((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'employees.json', { type: 'application/json' }));
      return data;
    }, text);
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer });
    await expect.poll(() => page.getByLabel('JSON rows').inputValue()).toBe(text);
    expect(await page.getByRole('status').textContent()).toContain('Loaded employees.json');
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect.poll(async () => (await tableText()).length).toBe(3);
  });

  it('opens a chosen file', async () => {
    await page.goto(`${served.url}/`);
    await page
      .getByLabel('Open a file')
      .setInputFiles(join(PACKAGE_DIR, 'test', 'fixtures', 'employees.json'));
    await expect.poll(() => page.getByLabel('JSON rows').inputValue()).toContain('"John Doe"');
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect.poll(async () => (await tableText()).length).toBe(3);
  });
});

describe('the playground follows its server: schema, options and API key (headless Chromium)', () => {
  const KEY = 'playground-test-key';
  let served: Served;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    served = await startServe([
      '--port',
      '0',
      '--no-log',
      '--schema',
      join(PACKAGE_DIR, 'test', 'fixtures', 'orders.ts#orderSchema'),
      '--delimiter',
      ';',
      '--api-key',
      KEY,
    ]);
    profile = await mkdtemp(join(tmpdir(), 'csvfn-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await served?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it("opens with the server's example rows and delimiter, asks for the key, and converts once it is given", async () => {
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') sent.push(request.url());
    });
    await page.goto(`${served.url}/`);
    const keyBox = page.getByLabel('API key');
    await expect.poll(() => keyBox.isVisible()).toBe(true);
    expect(await keyBox.getAttribute('type')).toBe('password');
    // The rows are the server's OpenAPI example for its schema, not the employee seed.
    const doc = await (await fetch(`${served.url}/openapi.json`)).json();
    const example = doc.paths['/api'].post.requestBody.content['application/json'].example;
    expect(example).toEqual([{ id: 1, customer: { name: 'example' }, status: 'open' }]);
    expect(JSON.parse(await page.getByLabel('JSON rows').inputValue())).toEqual(example);
    expect(await page.getByLabel('Delimiter').inputValue()).toBe(';');

    // Without the key: the 401, and the key box gets the focus.
    await page.getByRole('button', { name: 'Convert' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.getByRole('heading').textContent()).toBe('Missing or invalid API key');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');

    await keyBox.fill(KEY);
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect
      .poll(() => page.getByRole('columnheader').allTextContents())
      .toEqual(['Order #', 'Customer', 'Status']);
    // The server's own delimiter: the page sent no option to override it.
    expect(sent.map((url) => new URL(url).search)).toEqual(['', '']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download data.csv' }).click(),
    ]);
    expect((await readFile((await download.path())!)).toString('utf8')).toBe(
      'Order #;Customer;Status\r\n1;example;open\r\n',
    );

    // The key lives in this tab's sessionStorage only: never in localStorage, not in a new tab.
    expect(await page.evaluate(() => sessionStorage.getItem('csvfn-playground-api-key'))).toBe(KEY);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByLabel('API key').inputValue()).toBe(KEY);
    const other = await context.newPage();
    await other.goto(`${served.url}/`);
    await expect.poll(() => other.getByLabel('API key').isVisible()).toBe(true);
    expect(await other.getByLabel('API key').inputValue()).toBe('');
    await other.close();
  });

  it('sends an option only when it differs from the server’s', async () => {
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') sent.push(new URL(request.url()).search);
    });
    await page.goto(`${served.url}/`);
    await expect.poll(() => page.getByLabel('API key').inputValue()).toBe(KEY);
    await page.getByLabel('Delimiter').selectOption({ label: 'Comma ( , )' });
    await page.getByRole('button', { name: 'Convert' }).click();
    await expect
      .poll(() => page.getByRole('columnheader').allTextContents())
      .toEqual(['Order #', 'Customer', 'Status']);
    expect(sent).toEqual(['?delimiter=%2C']);
  });
});
