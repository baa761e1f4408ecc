/** The RFC 9457 body of the adapter's own answers, in the shape the core gives its problems. */
export function problemBody(status: number, kind: string, title: string, detail: string): string {
  return JSON.stringify({ type: `urn:csvfn:problem:${kind}`, title, status, detail });
}
