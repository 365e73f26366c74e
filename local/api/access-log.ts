/**
 * One API request as an access log line records it (the stage's `AccessLogSetting` format): ids,
 * route, status, sizes and latencies. Never bodies or key values.
 */
export interface AccessLogEntry {
  /** `$context.requestId`. */
  readonly requestId: string;
  readonly httpMethod: string;
  /** The matched resource path (`/messages`); absent when no resource matched. */
  readonly resourcePath?: string;
  /** The request path, stage included: `/prod/messages`. */
  readonly path: string;
  /** HTTP status sent. */
  readonly status: number;
  /** Bytes of response body sent. */
  readonly responseLength: number;
  /** Milliseconds from the request's arrival to the end of the response (`$context.responseLatency`). */
  readonly latency: number;
  /** Milliseconds the integration took, when the function was invoked (`$context.integrationLatency`). */
  readonly integrationLatency?: number;
  /** The id of the API key used, when one was accepted. */
  readonly apiKeyId?: string;
  /** `$context.error.message` when the gateway answered with an error, or why the integration failed. */
  readonly errorMessage?: string;
  /**
   * Why, beyond `errorMessage`, for local debugging: the integration's failure (`error: TypeError: …`),
   * a request model that does not compile, a gateway response template that failed to render.
   */
  readonly errorDetail?: string;
  /** `$context.identity.sourceIp`. */
  readonly sourceIp: string;
  /** When the request arrived, epoch milliseconds from the gateway's clock (`$context.requestTimeEpoch`). */
  readonly requestTimeEpoch: number;
}
