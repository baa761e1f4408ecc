import conformanceApp from '../app.js';
import type { Target } from '../target.js';
import { fromWebResponse, toWebRequest } from '../wire.js';

/** The reference: the core handler called directly, no adapter, no network. */
export const coreTarget: Target = {
  name: 'core',
  async start() {
    return {
      send: async (wire) =>
        fromWebResponse(
          await conformanceApp(toWebRequest('http://conformance.local', wire), { provider: 'core' }),
        ),
      close: async () => {},
    };
  },
};
