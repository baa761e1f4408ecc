import { CliError } from './errors.js';

/**
 * The optional peer dependencies of `@csvfn/cli`, each needed by one feature only, so that
 * installing the CLI to convert a file brings in neither.
 */
export const OPTIONAL_PEERS = {
  '@aws-sdk/client-lambda': 'csvfn invoke',
  tsx: 'a TypeScript schema (--schema *.ts)',
} as const;

/**
 * Runs `load` (an `import()` of `name`); if `name` is not installed, a {@link CliError} that names
 * the package to install, instead of Node's module-not-found trace.
 */
export async function importOptionalPeer<T>(
  name: keyof typeof OPTIONAL_PEERS,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${name}`))
      throw new CliError(
        `${OPTIONAL_PEERS[name]} needs ${name}, which is not installed: npm install ${name} (an optional peer dependency of @csvfn/cli)`,
      );
    throw error;
  }
}
