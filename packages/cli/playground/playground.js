// The csvfn playground: posts the rows to the function at /api, as any client would, and shows
// what comes back. The download is the response's own bytes, never a re-encoding of the preview.

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const form = /** @type {HTMLFormElement} */ (byId('convert-form'));
const rows = /** @type {HTMLTextAreaElement} */ (byId('rows'));
const fileInput = /** @type {HTMLInputElement} */ (byId('file'));
const delimiter = /** @type {HTMLSelectElement} */ (byId('delimiter'));
const header = /** @type {HTMLInputElement} */ (byId('header'));
const bom = /** @type {HTMLInputElement} */ (byId('bom'));
const keyField = byId('key-field');
const apiKey = /** @type {HTMLInputElement} */ (byId('api-key'));
const convertButton = /** @type {HTMLButtonElement} */ (byId('convert'));
const status = byId('status');
const problemBox = byId('problem');
const downloadRow = byId('download-row');
// The link is made here, once there is something to link to (an anchor needs a real href).
const download = document.createElement('a');
download.id = 'download';
download.className = 'button';
downloadRow.prepend(download, ' ');
const previewWrap = byId('preview-wrap');
const preview = /** @type {HTMLTableElement} */ (byId('preview'));

const PREVIEW_ROWS = 500;
const DELIMITER_CHARS = /** @type {Record<string, string>} */ ({ ',': ',', ';': ';', tab: '\t', '|': '|' });

let downloadUrl = '';

/** The tab's key: sessionStorage, so it goes with the tab and is never written to disk for later. */
const KEY_STORAGE = 'csvfn-playground-api-key';

/**
 * What the server's OpenAPI document says: its option defaults (what the page sends unless the
 * person changes them), which options a request may set, and whether a key is needed.
 * @type {{ defaults: Record<string, string>, allowed: Set<string> }}
 */
const server = { defaults: { delimiter: ',', header: 'true', bom: 'false' }, allowed: new Set() };

/** The form follows the server it is served by; Convert waits for this. */
const ready = followServer();

async function followServer() {
  try {
    const response = await fetch('/openapi.json');
    if (!response.ok) return;
    const doc = await response.json();
    const post = Object.values(doc.paths ?? {}).find((path) => path?.post)?.post;
    if (!post) return;
    if (post.security?.length) {
      keyField.hidden = false;
      apiKey.value = sessionStorage.getItem(KEY_STORAGE) ?? '';
    }
    for (const parameter of post.parameters ?? []) {
      if (parameter.in !== 'query') continue;
      server.allowed.add(parameter.name);
      const value = parameter.schema?.default;
      if (value !== undefined) server.defaults[parameter.name] = String(value);
    }
    // An option the server fixes cannot be chosen here.
    for (const [name, control] of /** @type {const} */ ([
      ['delimiter', delimiter],
      ['header', header],
      ['bom', bom],
    ]))
      control.disabled = !server.allowed.has(name);
    delimiter.value = server.defaults.delimiter === '\t' ? 'tab' : server.defaults.delimiter;
    header.checked = server.defaults.header !== 'false';
    bom.checked = server.defaults.bom === 'true';
    // The server's own example rows (made from its schema), unless the box was already edited.
    const example = post.requestBody?.content?.['application/json']?.example;
    if (Array.isArray(example)) {
      const text = JSON.stringify(example, null, 2);
      const untouched = rows.value === rows.defaultValue;
      rows.defaultValue = text;
      if (untouched) rows.value = text;
    }
  } catch {
    // No document: the page's own defaults stand, and the function still answers.
  }
}

apiKey.addEventListener('input', () => {
  if (apiKey.value === '') sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, apiKey.value);
});

// The page opens with the example as the box's content (index.html), so the first Convert works;
// this button brings it back.
byId('example').addEventListener('click', () => {
  rows.value = rows.defaultValue.trim();
  rows.focus();
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  convert();
});

rows.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
});

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  if (file) await loadFile(file);
});

const dropZone = byId('drop-zone');
dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropZone.classList.add('dragging');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', async (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  const file = event.dataTransfer?.files[0];
  if (file) await loadFile(file);
});

/** @param {File} file */
async function loadFile(file) {
  rows.value = await file.text();
  status.textContent = `Loaded ${file.name} (${formatBytes(file.size)}). Convert when ready.`;
  rows.focus();
}

/** The query options the person changed from the server's defaults: the rest is the server's. */
function chosenOptions() {
  const chosen = {
    delimiter: delimiter.value === 'tab' ? '\t' : delimiter.value,
    header: String(header.checked),
    bom: String(bom.checked),
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(chosen))
    if (value !== server.defaults[name] && server.allowed.has(name)) query.set(name, value);
  return query;
}

async function convert() {
  convertButton.disabled = true;
  await ready;
  const text = rows.value;
  const query = chosenOptions();
  reset();
  status.textContent = 'Converting…';
  try {
    /** @type {Record<string, string>} */
    const headers = { 'Content-Type': contentTypeOf(text), Accept: 'text/csv' };
    if (!keyField.hidden && apiKey.value !== '') headers.Authorization = `Bearer ${apiKey.value}`;
    const response = await fetch(query.size > 0 ? `/api?${query}` : '/api', {
      method: 'POST',
      headers,
      body: text,
    });
    if (response.status === 401) {
      keyField.hidden = false;
      showProblem(await readProblem(response), text);
      apiKey.focus();
      return;
    }
    if (!response.ok) {
      showProblem(await readProblem(response), text);
      return;
    }
    let bytes;
    try {
      bytes = await response.arrayBuffer();
    } catch {
      // NDJSON streams: a bad row past the first 64 KiB of CSV can only end the body early.
      showProblem(
        {
          title: 'The conversion stopped partway',
          detail:
            'The function ended the CSV stream early: NDJSON is converted as it arrives and stops at its first ' +
            'invalid row, after the CSV had started. Send the rows as a JSON array to see every error.',
        },
        text,
      );
      return;
    }
    showCsv(bytes, response);
  } catch (error) {
    showProblem(
      { title: 'The function did not answer', detail: String(/** @type {Error} */ (error).message) },
      text,
    );
  } finally {
    convertButton.disabled = false;
  }
}

/** @param {string} text */
function contentTypeOf(text) {
  // A JSON array starts with `[`; anything else is sent as NDJSON, one object per line.
  const first = text.trimStart()[0];
  return first === undefined || first === '[' ? 'application/json' : 'application/x-ndjson';
}

function reset() {
  problemBox.hidden = true;
  downloadRow.hidden = true;
  previewWrap.hidden = true;
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = '';
}

/** @param {Response} response */
async function readProblem(response) {
  try {
    return await response.json();
  } catch {
    return {
      title: `${response.status} ${response.statusText}`,
      detail: 'The answer was not a problem document.',
    };
  }
}

/**
 * @param {ArrayBuffer} bytes
 * @param {Response} response
 */
function showCsv(bytes, response) {
  const type = response.headers.get('content-type') ?? 'text/csv';
  downloadUrl = URL.createObjectURL(new Blob([bytes], { type }));
  const name =
    /filename="([^"]*)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'data.csv';
  download.href = downloadUrl;
  download.download = name;
  download.textContent = `Download ${name}`;
  byId('download-size').textContent = `${formatBytes(bytes.byteLength)}, exactly as the API sent it`;
  downloadRow.hidden = false;

  const csv = new TextDecoder().decode(bytes); // drops the BOM, if asked for, from the preview only
  const records = parseCsv(csv, DELIMITER_CHARS[delimiter.value] ?? ',');
  const hasHeader = header.checked;
  const body = hasHeader ? records.slice(1) : records;
  const columns = Math.max(0, ...records.map((record) => record.length));
  const labels = hasHeader
    ? (records[0] ?? [])
    : Array.from({ length: columns }, (_, i) => `Column ${i + 1}`);

  const head = preview.tHead ?? preview.createTHead();
  head.replaceChildren(rowOf(labels, 'th'));
  const tbody = preview.tBodies[0] ?? preview.createTBody();
  tbody.replaceChildren(...body.slice(0, PREVIEW_ROWS).map((record) => rowOf(record, 'td')));
  const shown = Math.min(body.length, PREVIEW_ROWS);
  byId('preview-caption').textContent =
    `CSV preview: ${body.length} ${body.length === 1 ? 'row' : 'rows'}` +
    (shown < body.length ? `, first ${shown} shown` : '') +
    (hasHeader ? ', header row as column headings' : ', no header row');
  previewWrap.hidden = false;
  status.textContent = `Converted ${body.length} ${body.length === 1 ? 'row' : 'rows'} to ${formatBytes(bytes.byteLength)} of CSV.`;
}

/**
 * @param {string[]} cells
 * @param {'th' | 'td'} tag
 */
function rowOf(cells, tag) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const element = document.createElement(tag);
    if (tag === 'th') element.scope = 'col';
    element.textContent = cell;
    tr.append(element);
  }
  return tr;
}

/**
 * RFC 4180, for the preview only: quoted fields, doubled quotes, CRLF or LF records.
 * @param {string} text
 * @param {string} separator
 */
function parseCsv(text, separator) {
  /** @type {string[][]} */
  const records = [];
  /** @type {string[]} */
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      record.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/**
 * @param {{ title?: string, detail?: string, status?: number, errors?: Array<{ pointer: string, message: string }>, errorCount?: number, line?: number, column?: number }} problem
 * @param {string} text
 */
function showProblem(problem, text) {
  byId('problem-title').textContent = problem.title ?? 'The conversion failed';
  byId('problem-detail').textContent = problem.detail ?? '';
  const list = byId('problem-list');
  list.replaceChildren();
  if (problem.line !== undefined && problem.column !== undefined) {
    const { line, column } = problem;
    list.append(
      itemWithButton(`Line ${line}, column ${column}`, 'Show it in the input', () =>
        selectAt(text, line, column),
      ),
    );
  }
  for (const issue of problem.errors ?? []) {
    const { row, field } = readPointer(issue.pointer);
    const where = field ? `Row ${row + 1}, field ${field}` : `Row ${row + 1}`;
    list.append(
      itemWithButton(`${where}: ${issue.message}`, `Show row ${row + 1} in the input`, () =>
        selectRow(text, row, field),
      ),
    );
  }
  if (problem.errorCount !== undefined && problem.errors && problem.errorCount > problem.errors.length) {
    const more = document.createElement('li');
    more.textContent = `…and ${problem.errorCount - problem.errors.length} more.`;
    list.append(more);
  }
  problemBox.hidden = false;
  problemBox.setAttribute('role', 'alert');
  status.textContent = problem.status
    ? `The function answered ${problem.status}: ${problem.title}.`
    : (problem.title ?? '');
}

/**
 * @param {string} label
 * @param {string} action
 * @param {() => void} onClick
 */
function itemWithButton(label, action, onClick) {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.title = action;
  button.addEventListener('click', onClick);
  item.append(button);
  return item;
}

/**
 * `/1/age` -> row 1, field `age` (RFC 6901: `~1` is `/`, `~0` is `~`).
 * @param {string} pointer
 */
function readPointer(pointer) {
  const [, row = '0', ...rest] = pointer.split('/');
  const field = rest.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~')).join('.');
  return { row: Number(row), field };
}

/**
 * Selects row `index` (and, within it, the field's key if present) in the textarea.
 * @param {string} text
 * @param {number} index
 * @param {string} field
 */
function selectRow(text, index, field) {
  if (rows.value !== text) return; // edited since: the positions no longer hold
  const range = rowRange(text, index);
  if (!range) return;
  let [start, end] = range;
  const key = field.split('.')[0];
  if (key) {
    const at = text.slice(start, end).indexOf(JSON.stringify(key));
    if (at !== -1) {
      start += at;
      const comma = text.slice(start, end).search(/,\s*"|\s*}\s*$/);
      end = comma === -1 ? end : start + comma;
    }
  }
  select(start, end);
}

/**
 * Where element `index` of a JSON array (or line `index` of NDJSON) lies in the text.
 * @param {string} text
 * @param {number} index
 * @returns {[number, number] | undefined}
 */
function rowRange(text, index) {
  if (contentTypeOf(text) !== 'application/json') {
    let seen = -1;
    let offset = 0;
    for (const line of text.split('\n')) {
      if (line.trim() !== '' && ++seen === index) return [offset, offset + line.replace(/\r$/, '').length];
      offset += line.length + 1;
    }
    return undefined;
  }
  let depth = 0;
  let inString = false;
  let element = -1;
  let start = -1;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      last = i;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && (c === ',' || c === ']')) {
      if (start !== -1 && element === index) return [start, last + 1];
      start = -1;
      if (c === ']') depth--;
      continue;
    }
    if (depth === 1 && start === -1) {
      element++;
      start = i;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    last = i;
  }
  return undefined;
}

/**
 * @param {string} text
 * @param {number} line 1-based
 * @param {number} column 1-based
 */
function selectAt(text, line, column) {
  if (rows.value !== text) return;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) break;
    offset = newline + 1;
  }
  const at = Math.min(offset + column - 1, text.length);
  select(at, Math.min(at + 1, text.length));
}

/**
 * @param {number} start
 * @param {number} end
 */
function select(start, end) {
  rows.focus();
  rows.setSelectionRange(start, end);
  // Scroll the selection into view: count the lines above it.
  const lineHeight = Number.parseFloat(getComputedStyle(rows).lineHeight) || 18;
  const linesAbove = rows.value.slice(0, start).split('\n').length - 1;
  rows.scrollTop = Math.max(0, (linesAbove - 2) * lineHeight);
}

/** @param {number} bytes */
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
