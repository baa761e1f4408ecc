/** Exit codes: 1 when the data is at fault, 2 when the command line or a file it names is. */
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;

/** An error the user can fix; printed as `csvfn: <message>`, never with a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
  }
}

/** Input that is not JSON (or NDJSON), located as an editor would: 1-based line and column. */
export class InputError extends CliError {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(
      line === undefined
        ? reason
        : `${reason} at line ${line}${column === undefined ? '' : `, column ${column}`}`,
      EXIT_DATA,
    );
  }
}

/** The message of a Node file-system error, without its stack or syscall noise. */
export function describeFileError(path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : error instanceof Error
            ? error.message
            : String(error);
  return new CliError(`${path}: ${reason}`);
}
