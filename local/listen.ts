import { PortInUseError } from './errors.js';

/**
 * Runs `start` (which listens on `port`) and turns EADDRINUSE into a {@link PortInUseError} naming
 * the option. The error may come wrapped (the AWS endpoint raises `AwsProxyListenError` with the
 * socket error as `cause`), so the cause chain is searched.
 */
export async function listenOn<T>(port: number, option: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (addressInUse(error)) throw new PortInUseError(port, option, { cause: error });
    throw error;
  }
}

/** Whether `error` or one of its causes is an EADDRINUSE. */
function addressInUse(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Object && depth < 10; current = (current as Error).cause, depth++) {
    if ((current as NodeJS.ErrnoException).code === 'EADDRINUSE') return true;
  }
  return false;
}
