/**
 * API Gateway REST API's `binaryMediaTypes`: the types for which it decodes a base64 result before
 * the client sees it. A new REST API has none, so every base64 body reaches the client as base64
 * text. Read 2026-12-07 from
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
 * and .../lambda-proxy-binary-media.html: the gateway honours only the first media type of the
 * request's `Accept`; `*` is a wildcard (`image/*`, `*\/*`).
 */

/** Whether `mediaType` (parameters ignored) is one of `patterns`. */
export function matchesMediaType(mediaType: string, patterns: readonly string[]): boolean {
  const [type = '', subtype = ''] = mediaType.split(';')[0]!.trim().toLowerCase().split('/');
  if (!type || !subtype) return false;
  return patterns.some((pattern) => {
    const [patternType = '', patternSubtype = ''] = pattern.trim().toLowerCase().split('/');
    return (
      (patternType === '*' || patternType === type) && (patternSubtype === '*' || patternSubtype === subtype)
    );
  });
}

/**
 * Whether a REST API set up with `binaryMediaTypes` decodes a base64 result for this request: its
 * first `Accept` media type matches; without `Accept`, the answer's `Content-Type` (when known).
 */
export function restApiDecodes(
  accept: string | undefined,
  binaryMediaTypes: readonly string[],
): (contentType: string | null) => boolean {
  if (binaryMediaTypes.length === 0) return () => false;
  const first = accept?.split(',')[0]?.trim();
  if (first) {
    const decodes = matchesMediaType(first, binaryMediaTypes);
    return () => decodes;
  }
  return (contentType) => contentType !== null && matchesMediaType(contentType, binaryMediaTypes);
}

/** HTTP API, Function URLs and ALB decode every base64 result. */
export const alwaysDecodes = (): ((contentType: string | null) => boolean) => () => true;
