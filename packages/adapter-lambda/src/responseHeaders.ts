/** Response headers as one value per name; `Set-Cookie` is left to the caller. */
export function singleValueHeaders(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') record[name] = value;
  });
  return record;
}

/** Response headers as lists, each `Set-Cookie` its own entry. */
export function multiValueHeaders(headers: Headers): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') record[name] = [value];
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) record['set-cookie'] = cookies;
  return record;
}
