// The targets table of bench/RESULTS.md as a bar chart (docs/performance-ratios.svg): each ratio
// beside its goal, so docs/performance.md shows the last run without restating its figures.
// Plain SVG text, no charting dependency.
import { readFileSync, writeFileSync } from 'node:fs';

/** `{ label, value, goal, atMost }` per target whose figure and goal are both ratios (`1.31×`, `≤ 1.5×`). */
export function ratiosFromResults(markdown) {
  const rows = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 5) continue;
    const [, label, figure] = cells;
    const goal = /([≤≥])\s*([\d.]+)×/.exec(label);
    const value = /^([\d.]+)×/.exec(figure);
    if (!goal || !value) continue;
    rows.push({
      label: label.replaceAll('`', ''),
      value: Number(value[1]),
      goal: Number(goal[2]),
      atMost: goal[1] === '≤',
    });
  }
  return rows;
}

const escapeXml = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** An SVG bar chart: one bar per ratio, a tick at its goal, green when met, red when not. */
export function ratioChartSvg(rows, title) {
  const rowHeight = 28;
  const labelWidth = 560;
  const barWidth = 300;
  const top = 40;
  const height = top + rows.length * rowHeight + 30;
  const max = Math.max(2, ...rows.map((row) => Math.max(row.value, row.goal))) * 1.1;
  const x = (ratio) => labelWidth + (ratio / max) * barWidth;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 80}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="8" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const met = row.atMost ? row.value <= row.goal : row.value >= row.goal;
    parts.push(
      `<text x="8" y="${y + 16}">${escapeXml(row.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${(x(row.value) - labelWidth).toFixed(1)}" height="16" fill="${met ? '#2e7d32' : '#c62828'}"/>`,
      `<line x1="${x(row.goal).toFixed(1)}" x2="${x(row.goal).toFixed(1)}" y1="${y}" y2="${y + 24}" stroke="#000" stroke-width="2"/>`,
      `<text x="${(x(row.value) + 4).toFixed(1)}" y="${y + 16}">${row.value.toFixed(2)}×</text>`,
    );
  });
  parts.push(
    `<text x="8" y="${height - 10}" fill="#555">bar: this run; black tick: the goal; green: met, red: not met</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

/** Reads RESULTS.md and writes the chart; returns how many ratios it drew. */
export function writeRatioChart(resultsPath, svgPath) {
  const markdown = readFileSync(resultsPath, 'utf8');
  const when = /Written by `pnpm bench` on (\S+)/.exec(markdown)?.[1] ?? 'an unknown date';
  const rows = ratiosFromResults(markdown);
  writeFileSync(svgPath, ratioChartSvg(rows, `csvfn beside its goals, pnpm bench of ${when}`));
  return rows.length;
}
