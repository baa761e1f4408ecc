import { CliError } from './errors.js';
import type { ProgramIo } from './program.js';

export interface InvokeFlags {
  function: string;
  region?: string;
  endpoint?: string;
  output?: string;
  delimiter?: string;
  bom?: boolean;
  header?: boolean;
}

export async function invokeCommand(
  _input: string | undefined,
  _flags: InvokeFlags,
  _io: ProgramIo,
): Promise<void> {
  throw new CliError('invoke is not available yet');
}
