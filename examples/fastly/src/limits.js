// What Fastly Compute allows one request (https://docs.fastly.com/products/compute-resource-limits,
// read 2026-12-07), in the shape of @csvfn/platform's PlatformLimits; no request body cap is stated.
export const platformLimits = {
  cpuMsPerRequest: 50,
  memoryBytes: 128 * 1_000_000, // heap (and a 1 MB stack)
  codeBytes: 100 * 1_000_000, // the compiled package
  timeoutSeconds: 120, // 60 on trial accounts
  sources: ['https://docs.fastly.com/products/compute-resource-limits'],
  read: '2026-12-07',
};

// csvfn's body limit for Fastly's 50 ms of CPU. Not measured: no Fastly host runs here. Compiled
// without --enable-aot (which needs a download), StarlingMonkey interprets the JavaScript, which
// is assumed ten times slower than the 20–26 ms per MiB measured in V8 (`pnpm bench cpu`):
// 256 KiB, about 50 ms at that guess. Measure under `fastly compute serve` before raising it.
export const limits = { maxBodyBytes: 256 * 1024 };
