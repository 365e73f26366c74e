import { LocalRuntimeError } from '../errors.js';

/** Another local runtime already uses this state folder. */
export class AlreadyRunningError extends LocalRuntimeError {
  constructor(readonly pid: number, readonly apiUrl: string | undefined, stateDir: string) {
    super(`Conveyor is already running (pid ${pid}${apiUrl ? `, ${apiUrl}` : ''}, state in ${stateDir}). `
      + `Stop it first (Ctrl-C in its terminal, or 'kill ${pid}'), or start a second one with its own --port, --aws-port and --state-dir (e.g. \`npm start -- --port 3100 --aws-port 3101 --state-dir .conveyor-fifo -c fifo=true\`; every .conveyor*/ folder is git-ignored).`);
    this.name = 'AlreadyRunningError';
  }
}

/** A port the runtime needs is taken by another program. */
export class PortInUseError extends LocalRuntimeError {
  constructor(readonly port: number, option: string, options?: ErrorOptions) {
    super(`port ${port} is already in use by another program; choose another with ${option} <port> (0 picks a free one)`, options);
    this.name = 'PortInUseError';
  }
}
