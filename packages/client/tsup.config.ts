import { packageBuild } from '../../tsup.shared';

// Splitting gives both entries one shared chunk, so `ProblemError` is one class whichever entry
// threw it (`instanceof` holds across `@csvfn/client` and `@csvfn/client/lambda`).
export default packageBuild({ index: 'src/index.ts', lambda: 'src/lambda/index.ts' }, { splitting: true });
