/**
 * API keys: `Authorization: Bearer <key>`, compared in constant time. Keys are compared as SHA-256
 * digests, so neither their length nor a shared prefix shows in the timing; every configured key
 * is compared, so rotating (old and new key both valid) costs nothing and leaks nothing.
 */
export interface ApiKeyCheck {
  /** The matching key's rate-limit identity (a digest prefix, never the key), or `undefined`. */
  verify(authorization: string | null): Promise<string | undefined>;
}

export function createApiKeyCheck(keys: ReadonlyArray<string | undefined>): ApiKeyCheck {
  let digests: Promise<Uint8Array[]> | undefined; // computed on first use: no start-up work
  return {
    async verify(authorization) {
      // An unset entry (`process.env.NEXT_KEY` while rotating) matches nothing, never `Bearer null`.
      digests ??= Promise.all(
        keys.filter((key): key is string => typeof key === 'string' && key !== '').map(sha256),
      );
      const token = bearerToken(authorization);
      if (token === undefined) return undefined;
      const candidate = await sha256(token);
      let match: Uint8Array | undefined;
      for (const digest of await digests) if (equalDigests(candidate, digest)) match = digest;
      return match && `key:${hex(match.subarray(0, 8))}`;
    },
  };
}

function bearerToken(authorization: string | null): string | undefined {
  const match = authorization === null ? null : /^[Bb][Ee][Aa][Rr][Ee][Rr] +([^\s]+) *$/.exec(authorization);
  return match?.[1];
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
  return diff === 0;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
