import { Writable } from 'node:stream';
import { PRELUDE_CONTENT_TYPE } from '@csvfn/adapter-lambda/internal';

type Pending = { chunk: Uint8Array; done: (error?: Error | null) => void };

/**
 * The response stream Lambda hands a streaming handler: a Node writable with `setContentType`,
 * whose content type is fixed by the first write. Its bytes are read with {@link chunks}; a
 * write completes only once the reader has taken it, so backpressure reaches the handler.
 */
export class LocalResponseStream extends Writable {
  /** Set by `awslambda.HttpResponseStream.from`: writes the prelude just before the first write. */
  _onBeforeFirstWrite?: (write: (chunk: Uint8Array | string) => void) => void;
  #contentType = 'application/octet-stream';
  #started = false;
  #ended = false;
  #failure: Error | undefined;
  #failAtEnd: Error | undefined;
  #pending: Pending | undefined;
  #wake: (() => void) | undefined;

  constructor(highWaterMark = 16 * 1024) {
    super({ highWaterMark });
    // A handler writing after the end must not take the whole local server down.
    this.on('error', () => {});
  }

  get contentType(): string {
    return this.#contentType;
  }

  setContentType(contentType: string): void {
    if (this.#started) throw new Error('Cannot set content-type, too late.');
    this.#contentType = contentType;
  }

  override write(chunk: any, encoding?: any, callback?: any): boolean {
    if (!this.#started) {
      this.#started = true;
      this._onBeforeFirstWrite?.((first) => super.write(first));
    }
    return super.write(chunk, encoding, callback);
  }

  override _write(chunk: Uint8Array, _encoding: string, done: (error?: Error | null) => void): void {
    this.#started = true;
    this.#pending = { chunk, done };
    this.#wake?.();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#started = true;
    this.#ended = true;
    this.#wake?.();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.#failure ??= error ?? new Error('The response stream was closed before it ended.');
    this.#wake?.();
    done();
  }

  /**
   * Ends the stream with the handler's error: what was written still goes out, then the reader
   * sees the error instead of a clean end.
   */
  fail(error: unknown): void {
    this.#failAtEnd = error instanceof Error ? error : new Error(String(error));
    if (!this.writableEnded && !this.destroyed) this.end();
    this.#wake?.();
  }

  /** True once the stream has a prelude content type, i.e. the body starts with status and headers. */
  get hasPrelude(): boolean {
    return this.#contentType === PRELUDE_CONTENT_TYPE;
  }

  /** The bytes written, as they are written; throws the handler's error if it failed. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const pending = this.#pending;
      if (pending) {
        this.#pending = undefined;
        try {
          yield pending.chunk;
        } finally {
          pending.done();
        }
        continue;
      }
      if (this.#failure) throw this.#failure;
      if (this.#ended) {
        if (this.#failAtEnd) throw this.#failAtEnd;
        return;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}
