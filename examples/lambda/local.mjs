// Runs the built function (dist/index.mjs) on the local Lambda from @csvfn/lambda-local:
// a Function URL on http://127.0.0.1:3000 and the Lambda Invoke API on the same port.
import { emulateAwsLambdaGlobal, startLocalLambda } from '@csvfn/lambda-local';

emulateAwsLambdaGlobal(); // as Lambda's runtime provides `awslambda` before the module loads
const { handler, streamingHandler } = await import('./dist/index.mjs');
const streaming = process.argv.includes('--streaming');
const lambda = await startLocalLambda({
  handler: streaming ? streamingHandler : handler,
  functionName: 'csvfn-employees',
  port: Number(process.env.PORT ?? 3000),
});
console.log(`csvfn on a local Lambda${streaming ? ' (response streaming)' : ''}: ${lambda.url}`);
