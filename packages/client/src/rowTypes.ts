/**
 * A schema as the client sees it: only its type. Zod 4 (and every other Standard Schema library,
 * https://standardschema.dev) carries its input and output types under `~standard`; the client
 * reads the input type and never runs the schema, so it imports no schema library.
 */
export interface SchemaLike<Input = unknown> {
  /** The Standard Schema property; only its `types` are read, and only by the type checker. */
  readonly '~standard': {
    /** The schema's types: present for the type checker only. */
    readonly types?:
      | {
          /** What the schema accepts. */
          readonly input: Input;
        }
      | undefined;
  };
}

/**
 * The row a schema accepts: its input type (before zod's defaults and coercions), so `convert`
 * takes exactly what the function would validate. Without a schema, any object.
 */
export type RowOf<Schema> = Schema extends SchemaLike<infer Input> ? Input : Record<string, unknown>;
