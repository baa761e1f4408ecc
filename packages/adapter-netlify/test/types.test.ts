import type { Context } from '@netlify/types';
import { describe, expectTypeOf, it } from 'vitest';
import type { NetlifyContext } from '../src/index.js';

describe('NetlifyContext', () => {
  it("is what Netlify's own Context provides", () => {
    expectTypeOf<Context>().toExtend<NetlifyContext>();
  });
});
