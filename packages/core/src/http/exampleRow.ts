/**
 * A sample row made from the row's JSON Schema, for the OpenAPI document's example (and so for
 * the playground's first click). The schema's own `examples`/`default` win; otherwise a plain
 * value of each type. The caller keeps it only if the converter accepts it.
 */
type Json = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  'date-time': '2026-01-15T09:30:00.000Z',
  date: '2026-01-15',
  time: '09:30:00',
  email: 'ann@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '3f2b8c1e-6d4a-4e1b-9c7f-2a5d8e9b0c41',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

/** An example value for `schema`; `components` resolves `#/components/schemas/…` references. */
export function exampleOf(schema: unknown, components: Record<string, Json>, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 8) return undefined;
  const node = schema as Json;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/components/schemas/', '');
    return exampleOf(components[name], components, depth + 1);
  }
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0];
  if ('default' in node) return node.default;
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = node[key];
    if (Array.isArray(options)) {
      // A branch other than `null`, so the example shows a value.
      const branch = options.find((option) => (option as Json)?.type !== 'null') ?? options[0];
      return exampleOf(branch, components, depth + 1);
    }
  }
  if (Array.isArray(node.allOf)) {
    const parts = node.allOf.map((part) => exampleOf(part, components, depth + 1));
    return parts.every((part) => isObject(part)) ? Object.assign({}, ...parts) : parts[0];
  }
  const type = Array.isArray(node.type) ? node.type.find((entry) => entry !== 'null') : node.type;
  switch (type) {
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      const row: Json = {};
      for (const [key, property] of Object.entries(properties)) {
        const value = exampleOf(property, components, depth + 1);
        if (value !== undefined) row[key] = value;
      }
      return row;
    }
    case 'array': {
      const item = exampleOf(node.items, components, depth + 1);
      const count = Math.max(1, Number(node.minItems) || 0);
      return item === undefined ? [] : Array.from({ length: count }, () => item);
    }
    case 'string': {
      const format = typeof node.format === 'string' ? FORMATS[node.format] : undefined;
      if (format) return format;
      const minimum = Number(node.minLength) || 0;
      const maximum = Number(node.maxLength) || Number.POSITIVE_INFINITY;
      const text = 'example'.padEnd(minimum, 'x');
      return text.slice(0, Math.min(text.length, maximum));
    }
    case 'integer':
    case 'number':
      return numberExample(node, type === 'integer');
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

function numberExample(node: Json, integer: boolean): number {
  const low =
    typeof node.minimum === 'number'
      ? node.minimum
      : typeof node.exclusiveMinimum === 'number'
        ? node.exclusiveMinimum + 1
        : 1;
  const high =
    typeof node.maximum === 'number'
      ? node.maximum
      : typeof node.exclusiveMaximum === 'number'
        ? node.exclusiveMaximum - 1
        : Number.POSITIVE_INFINITY;
  const value = Math.min(Math.max(low, 1), high);
  return integer ? Math.ceil(value) : value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
