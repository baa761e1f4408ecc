import { packageBuild } from '../../tsup.shared';

// `index` and `events` are the library (ESM + CJS + types); `cli` is the `csvfn-lambda-local` bin.
export default packageBuild(
  { index: 'src/index.ts', events: 'src/events.ts', cli: 'src/cli.ts' },
  { dts: { entry: { index: 'src/index.ts', events: 'src/events.ts' } } },
);
