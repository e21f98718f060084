/** Types of token.mjs, for TypeScript servers (and the tests) that import it. */
export function signIdentityToken(
  customer: { externalId: string; email?: string; name?: string },
  identitySecret: string,
  ttlSeconds?: number,
): string;
