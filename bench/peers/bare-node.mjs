// Reference for cold start: a bare Node http server that reads the body and answers "ok".
import { createServer } from 'node:http';

createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('ok'));
}).listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
