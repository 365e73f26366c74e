export { type PayloadParser, parsePayload, type TypeRegistry, typeNames } from './registry.js';
