import { packageBuild } from '../../tsup.shared';

// `index` is the library (ESM + CJS + types); `cli` is the `csvfn` bin. Shims give the CJS build
// `import.meta.url`, which finds the playground's files beside `dist/`.
export default packageBuild(
  { index: 'src/index.ts', cli: 'src/cli.ts' },
  { shims: true, dts: { entry: { index: 'src/index.ts' } } },
);
