/** The subset of `LambdaClientConfig` csvfn reads; any other SDK option passes through. */
export interface LambdaClientConfigLike {
  /** The AWS region; for a loopback `endpoint` (a local Lambda) a placeholder is used when absent. */
  region?: string;
  /** The Lambda API's URL, e.g. `http://127.0.0.1:9001` for a local Lambda. */
  endpoint?: string;
  /** AWS credentials, as the SDK takes them; the SDK's default chain when absent. */
  credentials?: unknown;
  /** How many times the SDK tries a call. */
  maxAttempts?: number;
  [option: string]: unknown;
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const CREDENTIAL_SOURCES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

/** Whether `endpoint` is on this machine (a local Lambda), never a real AWS endpoint. */
export function isLoopbackEndpoint(endpoint: unknown): boolean {
  if (typeof endpoint !== 'string') return false;
  try {
    return LOOPBACK.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/**
 * The SDK config to use. For a loopback `endpoint` only, a missing region becomes `us-east-1`
 * and missing credentials dummy ones: a local Lambda checks no signature, and the SDK would
 * otherwise stop with "Region is missing". A real AWS endpoint is left to the SDK's own chain.
 */
export function resolveLambdaConfig(
  config: LambdaClientConfigLike = {},
  env: Record<string, string | undefined> = processEnv(),
): LambdaClientConfigLike {
  if (!isLoopbackEndpoint(config.endpoint)) return config;
  const region = config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const hasCredentials = config.credentials !== undefined || CREDENTIAL_SOURCES.some((name) => env[name]);
  return {
    ...config,
    region,
    ...(hasCredentials
      ? {}
      : { credentials: { accessKeyId: 'csvfn-local', secretAccessKey: 'csvfn-local' } }),
  };
}

/** Node's, Bun's and Deno's (with `--allow-env`) `process.env`; nothing in a browser or a Worker. */
function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}
