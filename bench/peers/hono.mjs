// Peer: Hono on @hono/node-server, converting with json2csv (v7, @json2csv/plainjs).
import { serve } from '@hono/node-server';
import { Parser } from '@json2csv/plainjs';
import { Hono } from 'hono';

const fields = [
  { label: 'Name', value: 'name' },
  { label: 'Age', value: 'age' },
  { label: 'Job Title', value: 'jobTitle' },
  { label: 'Badge Number', value: 'badgeNumber' },
];
const app = new Hono();
app.post('/api', async (c) => {
  const rows = await c.req.json();
  const csv = new Parser({ fields, eol: '\r\n' }).parse(rows);
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="data.csv"',
  });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' });
