import { PortInUseError } from './state/errors.js';

/** Runs `start` (which listens on `port`) and turns EADDRINUSE into a {@link PortInUseError} naming the option. */
export async function listenOn<T>(port: number, option: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port, option, { cause: error });
    throw error;
  }
}
