#!/usr/bin/env node
// The `conveyor` bin: loads the TypeScript CLI through tsx (a dependency), as `npm start` does.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../cli/conveyor.ts', import.meta.url).href);
