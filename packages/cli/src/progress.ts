import { SingleBar } from 'cli-progress';

/**
 * The progress line of `csvfn convert`, on a terminal only: rows, bytes, rate, and a bar with ETA
 * when the input's size is known. Redraws at most a few times a second (cli-progress throttles).
 */
export class ConvertProgress {
  private readonly bar: SingleBar;
  private readonly started = Date.now();
  private bytes = 0;
  private rows = 0;

  constructor(
    stream: NodeJS.WritableStream,
    private readonly totalBytes: number | undefined,
  ) {
    const known = totalBytes !== undefined && totalBytes > 0;
    this.bar = new SingleBar({
      stream,
      format: known
        ? '{bar} {percentage}% | {rows} rows | {done} of {size} | {rate} | ETA {eta_formatted}'
        : '{rows} rows | {done} | {rate}',
      barsize: 24,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      fps: 8,
      etaBuffer: 64,
      clearOnComplete: false,
      stopOnComplete: false,
    });
    this.bar.start(known ? totalBytes : 1, 0, this.payload());
  }

  /** `bytes` more of the input were read, and `rows` rows so far. */
  update(bytes: number, rows: number): void {
    this.bytes += bytes;
    this.rows = rows;
    this.bar.update(this.totalBytes ? Math.min(this.bytes, this.totalBytes) : 0, this.payload());
  }

  /** Draws the final state and leaves it on screen, the cursor on a fresh line. */
  stop(rows: number): void {
    this.rows = rows;
    this.bar.update(this.totalBytes ? this.bytes : 0, this.payload());
    this.bar.stop();
  }

  private payload() {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return {
      rows: this.rows.toLocaleString('en-US'),
      done: formatBytes(this.bytes),
      size: formatBytes(this.totalBytes ?? 0),
      rate: `${formatBytes(this.bytes / seconds)}/s`,
    };
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
