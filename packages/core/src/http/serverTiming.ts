/**
 * The `Server-Timing` header (W3C Server Timing): how long each step of a request took, for
 * browser dev tools and for clients that time their calls. Durations in milliseconds.
 */
export class ServerTiming {
  private readonly steps: string[] = [];
  private last: number;

  constructor(private readonly started: number) {
    this.last = started;
  }

  /** Ends the step that began at the previous mark (or at the start) and records it as `name`. */
  mark(name: 'read' | 'parse' | 'convert'): void {
    const now = performance.now();
    this.steps.push(`${name};dur=${milliseconds(now - this.last)}`);
    this.last = now;
  }

  /** The header value: each step marked, then `total`, the time until the response headers. */
  header(): string {
    return [...this.steps, `total;dur=${milliseconds(performance.now() - this.started)}`].join(', ');
  }
}

/** Milliseconds to three decimals at most: fine enough, and no float noise like 0.30000000000000004. */
export function milliseconds(duration: number): number {
  return Math.round(duration * 1000) / 1000;
}
