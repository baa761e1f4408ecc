/**
 * A host[:port] or [IPv6][:port]: nothing that could smuggle a path, a query or credentials into
 * the URL built from it. One label class with the dot in it: linear, no backtracking.
 */
const HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The host for a request's URL, from what the client or the platform named (`Host`, `:authority`,
 * `X-Forwarded-Host`, an event's domain name): the name as given when it is a plain host, else
 * `localhost`, so a malformed one never reaches the handler as part of its URL.
 */
export function requestHost(candidate: string | null | undefined): string {
  return candidate && HOST.test(candidate) ? candidate : 'localhost';
}
