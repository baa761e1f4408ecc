/** How Lambda's runtime marks a streaming handler; `awslambda.streamifyResponse` sets the same. */
export const STREAMING_HANDLER = Symbol.for('aws.lambda.runtime.handler.streaming');
/** The content type of a streamed response that starts with its HTTP prelude (status, headers). */
export const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
