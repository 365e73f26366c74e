/** The cloud assembly's and template's errors, defined with the rest of the runtime's in `local/errors.ts`. */
export { CloudAssemblyError, UnsupportedTemplateError } from '../errors.js';
