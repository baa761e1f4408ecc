import conformanceApp from '../app.js';
import type { Target, WireRequest } from '../target.js';
import { fromWebResponse, toWebRequest } from '../wire.js';

/** The reference: the core handler called directly, no adapter, no network. */
export const coreTarget: Target = {
  name: 'core',
  async start() {
    const fetch = (wire: WireRequest) =>
      conformanceApp(toWebRequest('http://conformance.local', wire), { provider: 'core' });
    return { fetch, send: async (wire) => fromWebResponse(await fetch(wire)), close: async () => {} };
  },
};
