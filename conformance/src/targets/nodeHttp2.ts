import { serve } from '@csvfn/adapter-node';
import { localhostCert, localhostKey } from '@csvfn/harness/tls';
import conformanceApp from '../app.js';
import type { Target } from '../target.js';
import { sendOverHttp } from '../wire.js';
import { sendOverHttp2 } from '../wireHttp2.js';

/** `serve` with `http2: true`: h2c (HTTP/2 in clear text, prior knowledge), over loopback TCP. */
export const nodeH2cTarget: Target = {
  name: 'node-h2c',
  async start() {
    const server = await serve(conformanceApp, { port: 0, hostname: '127.0.0.1', http2: true });
    return {
      url: server.url,
      http2: true,
      send: (wire) => sendOverHttp2(server.url, wire),
      close: () => server.close(),
    };
  },
};

/** `serve` with `tls`: HTTP/2 negotiated by ALPN, and the same server's HTTP/1.1 fallback. */
function nodeTlsTarget(name: string, protocol: 'h2' | 'http/1.1'): Target {
  return {
    name,
    async start() {
      const tls = { key: localhostKey, cert: localhostCert };
      const server = await serve(conformanceApp, { port: 0, hostname: '127.0.0.1', tls });
      return {
        url: server.url,
        http2: protocol === 'h2',
        send: (wire) =>
          protocol === 'h2'
            ? sendOverHttp2(server.url, wire, { ca: localhostCert })
            : sendOverHttp(server.url, wire, { ca: localhostCert }),
        close: () => server.close(),
      };
    },
  };
}

/** Node's HTTP/2: h2c, h2 over TLS, and HTTP/1.1 over TLS on the HTTP/2 server. */
export const nodeHttp2Targets: Target[] = [
  nodeH2cTarget,
  nodeTlsTarget('node-h2-tls', 'h2'),
  nodeTlsTarget('node-h2-tls-http1', 'http/1.1'),
];
