#!/usr/bin/env node
/** `conveyor` (the package's bin, through `bin/conveyor.mjs`): runs the program and exits with its code. */
import { main } from './program.js';

const code = await main(process.argv);
process.exitCode = code;
// Keep-alive sockets of the SDK clients must not hold the process open once the command is done.
setTimeout(() => process.exit(code), 500).unref();
