/**
 * @module
 * `@csvfn/cli`: the `csvfn` command (convert, serve, invoke, openapi) and, for embedding, the local
 * app that `csvfn serve` runs: the function, its browser playground and its OpenAPI document.
 */

export { createLocalApp, type LocalAppOptions } from './localApp.js';
