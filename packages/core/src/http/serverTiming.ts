/** A step of a request: its name, and when it started and ended (milliseconds of the handler's clock). */
export type TimedStep = readonly [name: 'read' | 'parse' | 'convert', start: number, end: number];

/**
 * The `Server-Timing` header (W3C Server Timing): how long each step of a request took, for
 * browser dev tools and for clients that time their calls. Durations in milliseconds. The steps
 * are kept as times too: a traced request makes a child span of each.
 */
export class ServerTiming {
  readonly steps: TimedStep[] = [];
  private last: number;

  /** `now`: the clock `started` was read from (`performance.now`, or the adapter's `platform.now`). */
  constructor(
    private readonly started: number,
    private readonly now: () => number,
  ) {
    this.last = started;
  }

  /** Ends the step that began at the previous mark (or at the start) and records it as `name`. */
  mark(name: TimedStep[0]): void {
    const now = this.now();
    this.steps.push([name, this.last, now]);
    this.last = now;
  }

  /** The header value: each step marked, then `total`, the time until the response headers. */
  header(): string {
    return [
      ...this.steps.map(([name, start, end]) => `${name};dur=${milliseconds(end - start)}`),
      `total;dur=${milliseconds(this.now() - this.started)}`,
    ].join(', ');
  }
}

/** Milliseconds to three decimals at most: fine enough, and no float noise like 0.30000000000000004. */
export function milliseconds(duration: number): number {
  return Math.round(duration * 1000) / 1000;
}
