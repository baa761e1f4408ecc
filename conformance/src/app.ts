import { type CsvHandler, createCsvHandler, type HandlerOptions, type PlatformInfo } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import * as z from 'zod/mini';

/**
 * The conformance app: one FetchHandler that hosts several configurations of the csvfn handler,
 * picked by the first path segment (`/employee/api`, `/small/api`, …). Every target serves this
 * one module, so a case can exercise any option without a target knowing about options.
 */

/** A schema using every kind of value the contract formats, and labels from `.meta({ title })`. */
export const typedSchema = z.object({
  id: z.int(),
  label: z.string().register(z.globalRegistry, { title: '=Label' }),
  score: z.optional(z.number()),
  active: z.boolean(),
  note: z.nullable(z.string()),
  when: z.optional(
    z.pipe(
      z.string(),
      z.transform((value) => new Date(value)),
    ),
  ),
  extra: z.optional(z.unknown()),
});

export const apps = {
  employee: {},
  schemaless: { schema: false },
  keyed: { apiKeys: ['test-key-one', 'test-key-two'] },
  small: { maxBodyBytes: 256, maxRows: 3 },
  cors: { cors: { origins: ['https://app.example'], maxAge: 300 } },
  fixed: { delimiter: ';', filename: 'fixed', allowQueryOptions: ['filename'] },
  raw: { escapeFormulas: false },
  typed: { schema: typedSchema },
  // One record per element of `items` (issue 21), schema-less.
  unwound: { schema: false, unwind: ['items'] },
  // Late failures over real sockets (test/framing.test.ts): small enough to pass quickly.
  framing: { maxBodyBytes: 1_048_576 },
  // docs/limits.md: maxBodyBytes raised to take a 10 MB export where the platform does.
  bulk: { schema: false, maxBodyBytes: 16 * 1024 * 1024 },
  limited: {
    rateLimit: (_key, request) =>
      request.headers.get('x-test-rate') === 'over'
        ? { allowed: false, retryAfterSeconds: 29.2 }
        : { allowed: true },
  },
} satisfies Record<string, HandlerOptions>;

export type AppName = keyof typeof apps;

const handlers = new Map<string, CsvHandler>();

/** The FetchHandler every target hosts. */
export async function conformanceApp(request: Request, platform?: PlatformInfo): Promise<Response> {
  const name = new URL(request.url).pathname.split('/')[1] ?? '';
  let handler = handlers.get(name);
  if (!handler) {
    const options = (apps as Record<string, HandlerOptions>)[name];
    if (!options) return new Response('no such conformance app', { status: 404 });
    // The seed's employee schema, passed explicitly, unless the app sets its own (or none).
    handler = createCsvHandler({ schema: employeeSchema, ...options, logger: false });
    handlers.set(name, handler);
  }
  return handler(request, platform);
}

export default conformanceApp;
