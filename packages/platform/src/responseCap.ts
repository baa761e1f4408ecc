import { ADAPTER_PROBLEMS, PROBLEM_HEADERS } from './problems.js';

/** A buffered platform's cap on the answer it delivers, and what to tell a client that hits it. */
export interface ResponseCap {
  /** The platform's name as the detail shows it, e.g. `AWS Lambda`. */
  platform: string;
  /** Largest answer the platform delivers, measured the way it measures it. */
  maxBytes: number;
  /** What the client or the deployer can do instead, one sentence. */
  remedy: string;
}

/**
 * The answer for a response the platform would refuse: `413 response-too-large`, naming the size,
 * the cap and the remedy. The platform would otherwise turn a finished 200 into its own 5xx with
 * nothing of csvfn's in it (DataBiosphere/azul#8258). 413, not 5xx: the request decides the size
 * (its rows, and whether it accepts gzip), so the remedy is the client's, and a retry unchanged
 * would fail the same way.
 */
export function responseTooLarge(cap: ResponseCap, bytes: number): Response {
  const { status, title } = ADAPTER_PROBLEMS['response-too-large'];
  const body = JSON.stringify({
    type: 'urn:csvfn:problem:response-too-large',
    title,
    status,
    detail: `The answer would be ${bytes} bytes, over the ${cap.maxBytes}-byte response cap of ${cap.platform}. ${cap.remedy}`,
    maxBytes: cap.maxBytes,
  });
  return new Response(body, {
    status,
    headers: { ...PROBLEM_HEADERS, 'content-length': String(new TextEncoder().encode(body).byteLength) },
  });
}
