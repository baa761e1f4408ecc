/**
 * @module
 * workerd, through Miniflare, as the Workers tests run it: a Worker entry bundled the way wrangler
 * bundles one, served on a loopback port.
 */
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { Miniflare, type MiniflareOptions } from 'miniflare';

/** Bundles a Worker entry (TypeScript welcome) into one ES module, as wrangler would. */
export function bundleWorker(entry: string | URL, options: { minify?: boolean } = {}): Promise<string> {
  return bundle({ entryPoints: [entry instanceof URL ? fileURLToPath(entry) : entry] }, options);
}

/** Bundles a Worker entry given as source; its imports resolve from `resolveDir`. */
export function bundleWorkerSource(source: string, resolveDir: string, options: { minify?: boolean } = {}) {
  return bundle({ stdin: { contents: source, resolveDir, loader: 'ts', sourcefile: 'worker.ts' } }, options);
}

async function bundle(input: BuildOptions, options: { minify?: boolean }): Promise<string> {
  const result = await build({
    ...input,
    bundle: true,
    format: 'esm',
    // wrangler leaves esbuild's platform at its default, `browser`: a package's `browser` field
    // (the OpenTelemetry SDK's, which swaps out its Node-only resource detectors) applies.
    platform: 'browser',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    minify: options.minify ?? false,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Compatibility date the examples use; the pinned workerd supports it. */
export const COMPATIBILITY_DATE = '2026-04-26';

/**
 * Miniflare options that drop workerd's stdout and stderr (the Worker's console: request logs,
 * expected errors). Set CSVFN_WORKERD_LOGS=1 to see them.
 */
export const quietRuntime: Partial<MiniflareOptions> = process.env.CSVFN_WORKERD_LOGS
  ? {}
  : {
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        stdout.resume();
        stderr.resume();
      },
      handleStructuredLogs() {},
    };

/** Starts workerd on a free loopback port with one bundled module worker. */
export async function startWorker(script: string, options: Partial<MiniflareOptions> = {}) {
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: COMPATIBILITY_DATE,
    host: '127.0.0.1',
    port: 0,
    ...quietRuntime,
    ...options,
  } as MiniflareOptions);
  const url = await mf.ready;
  return { mf, url };
}
