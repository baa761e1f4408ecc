import { packageBuild } from '../../tsup.shared';

export default packageBuild({
  index: 'src/index.ts',
  invoke: 'src/invoke/index.ts',
  local: 'src/local/index.ts',
});
