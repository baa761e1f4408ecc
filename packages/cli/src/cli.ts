#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CliError, EXIT_USAGE } from './errors.js';
import { createProgram } from './program.js';

// A reader that went away (`csvfn convert big.json | head`) is no error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

createProgram(io)
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      // commander has printed the help, the version or the usage error already.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
    } else if (error instanceof CliError) {
      process.stderr.write(`csvfn: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') {
      process.exitCode = 0;
    } else {
      process.stderr.write(
        `csvfn: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 70;
    }
  });
