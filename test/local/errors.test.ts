import { describe, expect, it } from 'vitest';
import * as errors from '../../local/errors.js';
import { LOCAL_ERROR_CODES, LocalRuntimeError } from '../../local/errors.js';
import { EventSourceOptionsError } from '../../local/errors.js';

/** One instance of every error class, built as its raisers build it. */
const instances: readonly [LocalRuntimeError, errors.LocalErrorCode][] = [
  [new errors.RuntimeOptionsError('m'), 'INVALID_OPTIONS'],
  [new errors.AlreadyRunningError(1, undefined, '/s'), 'ALREADY_RUNNING'],
  [new errors.PortInUseError(3000, '--port'), 'PORT_IN_USE'],
  [new errors.SynthError('m', 'out'), 'SYNTH_FAILED'],
  [new errors.CloudAssemblyError('m'), 'CLOUD_ASSEMBLY_UNUSABLE'],
  [new errors.UnsupportedTemplateError('m'), 'UNSUPPORTED_TEMPLATE'],
  [new errors.EmulatorError('m'), 'EMULATOR_FAILED'],
  [new errors.AwsProxyError('m'), 'AWS_PROXY_FAILED'],
  [new errors.AwsProxyOptionsError('m'), 'INVALID_MODULE_OPTIONS'],
  [new errors.AwsProxyListenError('m'), 'LISTEN_FAILED'],
  [new errors.AwsProxyRequestError('ValidationException', 'm'), 'AWS_REQUEST_INVALID'],
  [new errors.InvalidGatewayOptionsError('m'), 'INVALID_MODULE_OPTIONS'],
  [new errors.InvalidApiSpecError('m'), 'INVALID_API_SPEC'],
  [new errors.GatewayResponseTemplateError('BAD_REQUEST_BODY'), 'GATEWAY_RESPONSE_TEMPLATE'],
  [new errors.GatewayStateError('m'), 'GATEWAY_STATE'],
  [new errors.EventSourceOptionsError('m'), 'INVALID_MODULE_OPTIONS'],
  [new errors.ReceiveFailedError('m'), 'RECEIVE_FAILED'],
  [new errors.DeleteFailedError('m', ['id']), 'DELETE_FAILED'],
  [new errors.ReleaseFailedError('m'), 'RELEASE_FAILED'],
  [new errors.InvalidFaultRuleError('m'), 'INVALID_FAULT_RULE'],
  [new errors.FunctionHostOptionsError('m'), 'INVALID_MODULE_OPTIONS'],
  [new errors.WorkerBuildError('m'), 'WORKER_BUILD_FAILED'],
  [new errors.MetricsOptionsError('m'), 'INVALID_MODULE_OPTIONS'],
];

describe('LocalRuntimeError', () => {
  it.each(instances.map(([error, code]) => [error.constructor.name, error, code] as const))('%s carries its code and is named after its class', (name, error, code) => {
    expect(error).toBeInstanceOf(LocalRuntimeError);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(LOCAL_ERROR_CODES[error.code]).toEqual(expect.any(String));
  });

  it('keeps the family classes for instanceof, whichever module path they are imported from', () => {
    const error = new EventSourceOptionsError('m');

    expect(error).toBeInstanceOf(errors.EventSourceError);
    expect(error).toBeInstanceOf(errors.EventSourceOptionsError);
    expect(new errors.AwsProxyRequestError('ValidationException', 'm')).toMatchObject({ awsCode: 'ValidationException', statusCode: 400 });
  });

  it('keeps the messages the classes build themselves', () => {
    expect(new errors.PortInUseError(3000, '--port').message).toBe('port 3000 is already in use by another program; choose another with --port <port> (0 picks a free one)');
    expect(new errors.GatewayResponseTemplateError('BAD_REQUEST_BODY').message).toBe('The BAD_REQUEST_BODY gateway response template failed to render');
  });
});
