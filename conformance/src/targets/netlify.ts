import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ensureRuntimes } from '../runtimes.js';
import type { KnownDifference, Target } from '../target.js';
import { startNetlifyDev } from './netlifyDev.js';

const projectRoot = fileURLToPath(new URL('../../hosts/netlify', import.meta.url));

/**
 * Netlify Functions v2: the conformance app wrapped by `@csvfn/adapter-netlify`, bundled and run by
 * Netlify's own local emulation (`@netlify/dev`, the engine of `netlify dev`), through `startNetlifyDev`.
 */
export const netlifyTarget: Target = {
  name: 'netlify',
  differences: emulatorDifferences(),
  async start() {
    const { netlifyDev } = ensureRuntimes();
    return startNetlifyDev(netlifyDev, projectRoot, 'functions');
  },
};

/**
 * Differences of the local emulation, not of Netlify: `@netlify/dev` 5.1.3 reads the request body
 * as text (invalid UTF-8 becomes U+FFFD, gzip is mangled) and, for a Content-Type it takes for
 * binary (none, `application/jsonl`), marks that text base64 without encoding it, so the function
 * gets other bytes. Netlify itself hands a function the bytes the client sent.
 */
function emulatorDifferences(): Record<string, KnownDifference> {
  const problem = (status: number, kind: string, why: string): KnownDifference => ({
    reason: `@netlify/dev ${why}`,
    check(response) {
      expect(response.status).toBe(status);
      expect(JSON.parse(new TextDecoder().decode(response.body)).type).toBe(`urn:csvfn:problem:${kind}`);
    },
  });
  const asBase64 = problem(400, 'invalid-utf8', 'decodes a body it takes for binary as base64');
  const gzipAsText = problem(400, 'invalid-gzip', 'reads a gzip body as text');
  return {
    'no Content-Type is read as JSON': asBase64,
    'JSON Lines (application/jsonl) with CRLF, blank lines and no final newline': asBase64,
    'invalid UTF-8 is a 400': problem(422, 'invalid-rows', 'reads the body as text, U+FFFD for bad bytes'),
    'a gzip body is decompressed': gzipAsText,
    'a gzip bomb stops at maxBodyBytes (decompressed): 413': gzipAsText,
    'NDJSON, gzip': gzipAsText,
  };
}
