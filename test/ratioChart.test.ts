// pnpm bench draws docs/performance-ratios.svg from bench/RESULTS.md's targets table: each ratio
// beside its goal, green when met. Checked on a small table written here by hand.
import { describe, expect, it } from 'vitest';
import { ratioChartSvg, ratiosFromResults } from '../bench/lib/ratioChart.mjs';

const TABLE = `| target | this run | |
| --- | --- | --- |
| parse + validate + CSV bytes ≤ 1.5× \`JSON.parse\` alone, 10,000 rows | 0.89× (json2csv 3.63×) | met |
| HTTP 1k rows: req/s ≥ 1.3× the Go seed | 1.25× | **NOT met** |
| HTTP 1k rows: p99 ≤ Hono’s | 0.96× of Hono’s | met |
| Workers bundle (examples/workers) ≤ 12 KiB min+gz | 23.20 KiB | **NOT met** |`;

describe('the ratio chart of pnpm bench', () => {
  it('takes the rows whose figure and goal are both ratios', () => {
    expect(ratiosFromResults(TABLE)).toEqual([
      {
        label: 'parse + validate + CSV bytes ≤ 1.5× JSON.parse alone, 10,000 rows',
        value: 0.89,
        goal: 1.5,
        atMost: true,
      },
      { label: 'HTTP 1k rows: req/s ≥ 1.3× the Go seed', value: 1.25, goal: 1.3, atMost: false },
    ]);
  });

  it('draws a green bar for a goal met and a red one for a goal missed, with a title', () => {
    const svg = ratioChartSvg(ratiosFromResults(TABLE), 'a <test> run');
    expect(svg).toContain('<title>a &lt;test&gt; run</title>');
    expect(svg.match(/fill="#2e7d32"/g)).toHaveLength(1);
    expect(svg.match(/fill="#c62828"/g)).toHaveLength(1);
    expect(svg).toContain('>0.89×<');
    expect(svg).toContain('>1.25×<');
  });
});
