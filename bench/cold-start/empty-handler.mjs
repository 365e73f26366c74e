// An empty handler module: the cold-start probe imports it to measure its own cost (ESM loader, file read) apart from any bundle.
export const handler = () => undefined;
