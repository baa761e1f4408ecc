import { handle, streamHandle } from '@csvfn/adapter-lambda';
import { createCsvHandler, type HandlerOptions } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

// Configuration from the function's environment (template.yaml), read once per cold start.
const options: HandlerOptions = {
  schema: employeeSchema,
  apiKeys: process.env.CSVFN_API_KEY ? [process.env.CSVFN_API_KEY] : undefined,
  maxBodyBytes: process.env.CSVFN_MAX_BODY_BYTES ? Number(process.env.CSVFN_MAX_BODY_BYTES) : undefined,
  maxRows: process.env.CSVFN_MAX_ROWS ? Number(process.env.CSVFN_MAX_ROWS) : undefined,
};

/** The employee converter behind a Function URL or an HTTP API (`index.handler`). */
export const handler = handle(createCsvHandler(options));

/** The same, streaming its CSV out, for a Function URL in `RESPONSE_STREAM` mode (`index.streamingHandler`). */
export const streamingHandler = streamHandle(createCsvHandler(options));
