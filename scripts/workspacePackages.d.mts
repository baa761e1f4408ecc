/** A published package: its folder and its package.json. */
export interface WorkspacePackage {
  dir: string;
  manifest: {
    name: string;
    version: string;
    private?: boolean;
    main?: string;
    files?: string[];
    exports?: string | Record<string, unknown>;
    [field: string]: unknown;
  };
}

/** Every non-private package under `<root>/packages`, sorted by name. */
export function publicPackages(root: string): WorkspacePackage[];

/** A package's public entry points: each `exports` subpath with the source file it is built from. */
export function entryPoints(pkg: WorkspacePackage): { specifier: string; source: string }[];
