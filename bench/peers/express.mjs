// Peer: Express 5 with its JSON body parser, converting with json2csv (v7, @json2csv/plainjs).
import { Parser } from '@json2csv/plainjs';
import express from 'express';

const fields = [
  { label: 'Name', value: 'name' },
  { label: 'Age', value: 'age' },
  { label: 'Job Title', value: 'jobTitle' },
  { label: 'Badge Number', value: 'badgeNumber' },
];
const app = express();
app.use(express.json({ limit: '4mb' }));
app.post('/api', (req, res) => {
  res.type('text/csv; charset=utf-8').attachment('data.csv');
  res.send(new Parser({ fields, eol: '\r\n' }).parse(req.body));
});
app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
