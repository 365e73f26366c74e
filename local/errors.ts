/**
 * The local runtime's errors: one root, {@link LocalRuntimeError}, with a {@link LocalErrorCode};
 * the classes below it only set the code (and keep `instanceof` for the callers that use it).
 * Callers branch on `instanceof` or `code`, never on the message.
 */

/** Every code a {@link LocalRuntimeError} can carry, with what it means. */
export const LOCAL_ERROR_CODES = {
  /** The runtime's options (or a `functionCode` folder) are invalid: {@link RuntimeOptionsError}. */
  INVALID_OPTIONS: 'the runtime was given an invalid option',
  /** A module under `local/` was given options it cannot use: a bug in its caller, not the user's input. */
  INVALID_MODULE_OPTIONS: 'a module of the runtime was given options it cannot use',
  /** Another runtime uses the state folder: {@link AlreadyRunningError}. */
  ALREADY_RUNNING: 'another runtime already uses this state folder',
  /** A port the runtime needs is taken: {@link PortInUseError}. */
  PORT_IN_USE: 'a port the runtime needs is taken',
  /** `cdk synth` failed: {@link SynthError}. */
  SYNTH_FAILED: 'cdk synth failed',
  /** `cdk.out` is missing, unreadable or holds no usable stack: {@link CloudAssemblyError}. */
  CLOUD_ASSEMBLY_UNUSABLE: 'the cloud assembly is missing or unusable',
  /** The template uses something the runtime cannot resolve or run: {@link UnsupportedTemplateError}. */
  UNSUPPORTED_TEMPLATE: 'the template uses something the runtime cannot run',
  /** The template's REST API cannot be served: {@link InvalidApiSpecError}. */
  INVALID_API_SPEC: 'the REST API cannot be served',
  /** An emulator did not start, or the queues and tables could not be created: {@link EmulatorError}. */
  EMULATOR_FAILED: 'an emulator failed, or provisioning on it did',
  /** A queue the runtime was asked to read does not exist on the embedded emulator (its DLQ inspection). */
  QUEUE_NOT_FOUND: 'a queue does not exist on the emulator',
  /** The AWS proxy failed (its transaction journal cannot be opened, read or restored): {@link AwsProxyError}. */
  AWS_PROXY_FAILED: 'the AWS proxy failed',
  /** The AWS proxy's server could not listen: {@link AwsProxyListenError}. */
  LISTEN_FAILED: 'a server could not listen',
  /** A request the AWS proxy answers itself is invalid; `awsCode` is the AWS error: {@link AwsProxyRequestError}. */
  AWS_REQUEST_INVALID: 'a request to the AWS proxy is invalid',
  /** A gateway-response template did not render: {@link GatewayResponseTemplateError}. */
  GATEWAY_RESPONSE_TEMPLATE: 'a gateway-response template did not render',
  /** The gateway was asked to listen twice, or after it was closed: {@link GatewayStateError}. */
  GATEWAY_STATE: 'the gateway cannot do that in its state',
  /** A ReceiveMessage call of an event source mapping failed: {@link ReceiveFailedError}. */
  RECEIVE_FAILED: 'an event source mapping could not receive',
  /** Processed messages could not be deleted: {@link DeleteFailedError}. */
  DELETE_FAILED: 'processed messages could not be deleted',
  /** Received but not invoked messages could not be made visible again: {@link ReleaseFailedError}. */
  RELEASE_FAILED: 'received messages could not be released',
  /** A fault rule is invalid: {@link InvalidFaultRuleError}. */
  INVALID_FAULT_RULE: 'a fault rule is invalid',
  /** The worker bootstrap did not compile: {@link WorkerBuildError}. */
  WORKER_BUILD_FAILED: 'the function worker could not be built',
} as const;

/** What went wrong; see {@link LOCAL_ERROR_CODES}. */
export type LocalErrorCode = keyof typeof LOCAL_ERROR_CODES;

/** Root of every error the local runtime raises. `name` is the class's name. */
export class LocalRuntimeError extends Error {
  /** What went wrong, for callers that branch on it. */
  readonly code: LocalErrorCode;

  constructor(code: LocalErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

// Options and state folder.

/**
 * A message about runtime options that names each option through `name` (`name('awsPort')`), so
 * that a caller with other names for them (the CLI's `--aws-port`) can show it with those.
 */
export type OptionsMessage = (name: (key: string) => string) => string;

/**
 * Invalid runtime options (a port out of range, a malformed endpoint URL …). Built from an
 * {@link OptionsMessage}, it knows the options it is about: {@link keys}, and the message under
 * other names with {@link messageNaming}.
 */
export class RuntimeOptionsError extends LocalRuntimeError {
  /** The `RuntimeOptions` keys the error is about, in the order its message names them; empty for a plain message. */
  readonly keys: readonly string[];
  readonly #message: OptionsMessage;

  constructor(message: string | OptionsMessage, options?: ErrorOptions) {
    const render: OptionsMessage = typeof message === 'string' ? () => message : message;
    const keys = new Set<string>();
    super('INVALID_OPTIONS', render((key) => {
      keys.add(key);
      return key;
    }), options);
    this.keys = [...keys];
    this.#message = render;
  }

  /** The message with each option named by `name(key)` instead of its key, e.g. the CLI's flag. */
  messageNaming(name: (key: string) => string): string {
    return this.#message(name);
  }
}

/** Another local runtime already uses this state folder. */
export class AlreadyRunningError extends LocalRuntimeError {
  constructor(readonly pid: number, readonly apiUrl: string | undefined, stateDir: string) {
    super('ALREADY_RUNNING', `Conveyor is already running (pid ${pid}${apiUrl ? `, ${apiUrl}` : ''}, state in ${stateDir}). `
      + `Stop it first (Ctrl-C in its terminal, or 'kill ${pid}'), or start a second one with its own --port, --aws-port and --state-dir (e.g. \`npm start -- --port 3100 --aws-port 3101 --state-dir .conveyor-fifo -c fifo=true\`; every .conveyor*/ folder is git-ignored).`);
  }
}

/** A port the runtime needs is taken by another program. */
export class PortInUseError extends LocalRuntimeError {
  constructor(readonly port: number, option: string, options?: ErrorOptions) {
    super('PORT_IN_USE', `port ${port} is already in use by another program; choose another with ${option} <port> (0 picks a free one)`, options);
  }
}

// Synth and template.

/** `cdk synth` failed; `output` holds the end of what it printed. */
export class SynthError extends LocalRuntimeError {
  constructor(message: string, readonly output: string, options?: ErrorOptions) {
    super('SYNTH_FAILED', message, options);
  }
}

/** `cdk.out` is missing, unreadable, or holds no usable stack. */
export class CloudAssemblyError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CLOUD_ASSEMBLY_UNUSABLE', message, options);
  }
}

/** The template uses something the local runtime cannot resolve or run (an intrinsic, a reference, a property). */
export class UnsupportedTemplateError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super('UNSUPPORTED_TEMPLATE', message, options);
  }
}

// Emulators and the AWS proxy.

/** An emulator could not start, or the stack's queues and tables could not be created on the endpoint. */
export class EmulatorError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super('EMULATOR_FAILED', message, options);
  }
}

/** Root of the AWS proxy's errors; raised as such when the transaction journal cannot be opened, read or restored. */
export class AwsProxyError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions, code: LocalErrorCode = 'AWS_PROXY_FAILED') {
    super(code, message, options);
  }
}

/** `createAwsProxy` was given invalid options; `message` names the option. */
export class AwsProxyOptionsError extends AwsProxyError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options, 'INVALID_MODULE_OPTIONS');
  }
}

/** The proxy's server could not start listening (port taken, …). */
export class AwsProxyListenError extends AwsProxyError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options, 'LISTEN_FAILED');
  }
}

/**
 * A DynamoDB request the proxy answers itself (a transaction) is invalid; it is answered as the AWS
 * error `awsCode` (`ValidationException`, …) with this message and HTTP status.
 */
export class AwsProxyRequestError extends AwsProxyError {
  /** The AWS error code, e.g. `ValidationException`. */
  readonly awsCode: string;
  /** HTTP status of the answer. @default 400 */
  readonly statusCode: number;

  constructor(awsCode: string, message: string, options?: ErrorOptions & { readonly statusCode?: number }) {
    super(message, options, 'AWS_REQUEST_INVALID');
    this.awsCode = awsCode;
    this.statusCode = options?.statusCode ?? 400;
  }
}

// API Gateway emulation.

/** Root of every error the local API Gateway emulation raises. */
export class ApiGatewayError extends LocalRuntimeError {}

/** `createRestApiGateway` was given options it cannot use (a missing value, a wrong type, an unknown key). */
export class InvalidGatewayOptionsError extends ApiGatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_MODULE_OPTIONS', message, options);
  }
}

/**
 * The `RestApiSpec` describes something the gateway cannot serve: a malformed resource path, two
 * methods for the same resource and verb, a request model that does not compile.
 */
export class InvalidApiSpecError extends ApiGatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_API_SPEC', message, options);
  }
}

/** A gateway-response template (VTL) failed to render; the built-in default body was sent instead. */
export class GatewayResponseTemplateError extends ApiGatewayError {
  constructor(readonly responseType: string, options?: ErrorOptions) {
    super('GATEWAY_RESPONSE_TEMPLATE', `The ${responseType} gateway response template failed to render`, options);
  }
}

/** `listen()` was called on a gateway that is already listening or was closed. */
export class GatewayStateError extends ApiGatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super('GATEWAY_STATE', message, options);
  }
}

// SQS event source mappings.

/** Root of the SQS event source mapping's errors. */
export class EventSourceError extends LocalRuntimeError {}

/** The mapping's dependencies hold a value it cannot work with; the message names it. */
export class EventSourceOptionsError extends EventSourceError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_MODULE_OPTIONS', message, options);
  }
}

/** A `ReceiveMessage` call failed (the poller backs off and carries on); `cause` is the SDK error. */
export class ReceiveFailedError extends EventSourceError {
  constructor(message: string, options?: ErrorOptions) {
    super('RECEIVE_FAILED', message, options);
  }
}

/** Messages the function processed could not be deleted (even after one retry); they will be delivered again. */
export class DeleteFailedError extends EventSourceError {
  /** Message ids left on the queue. */
  readonly messageIds: readonly string[];

  constructor(message: string, messageIds: readonly string[], options?: ErrorOptions) {
    super('DELETE_FAILED', message, options);
    this.messageIds = messageIds;
  }
}

/** Messages received but not invoked (stop during a batching window, or past the 6 MB payload limit) could not be made visible again. */
export class ReleaseFailedError extends EventSourceError {
  constructor(message: string, options?: ErrorOptions) {
    super('RELEASE_FAILED', message, options);
  }
}

// Faults, function host, metrics.

/** Root of the fault module's errors. */
export class FaultError extends LocalRuntimeError {}

/** A fault rule (or the JSON carrying it) is invalid; `message` names the offending field. */
export class InvalidFaultRuleError extends FaultError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_FAULT_RULE', message, options);
  }
}

/** Root of the function host's errors. */
export class FunctionHostError extends LocalRuntimeError {}

/** `FunctionHostOptions` (or the spec) holds a value the host cannot work with; the message names the option. */
export class FunctionHostOptionsError extends FunctionHostError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_MODULE_OPTIONS', message, options);
  }
}

/** The worker bootstrap could not be compiled with esbuild. */
export class WorkerBuildError extends FunctionHostError {
  constructor(message: string, options?: ErrorOptions) {
    super('WORKER_BUILD_FAILED', message, options);
  }
}

/** Root of the metrics module's errors. */
export class MetricsError extends LocalRuntimeError {}

/** Invalid aggregator or snapshot options; `message` names the option. */
export class MetricsOptionsError extends MetricsError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_MODULE_OPTIONS', message, options);
  }
}
