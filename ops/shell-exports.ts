/**
 * The `export` lines that set `API_URL` and `API_KEY` in a POSIX shell, so every README example can
 * be pasted as it is: the banner of `npm start`, `npm run localstack:deploy` and `conveyor env` print
 * them. `API_URL` is the stage URL without its trailing `/`, so `"$API_URL/messages"` has no `//`.
 */

/** The variable names the README's examples use. */
export const API_URL_VARIABLE = 'API_URL';
/** @see API_URL_VARIABLE */
export const API_KEY_VARIABLE = 'API_KEY';

/** `value` as one single-quoted shell word (`it's` → `'it'\''s'`). */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** The stage URL as `API_URL` holds it: without trailing slashes. */
export function apiUrlVariable(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '');
}

/** `export API_URL='…'` and `export API_KEY='…'`, one per line. */
export function apiExportLines(api: { readonly apiUrl: string; readonly apiKey: string }): string[] {
  return [
    `export ${API_URL_VARIABLE}=${shellQuote(apiUrlVariable(api.apiUrl))}`,
    `export ${API_KEY_VARIABLE}=${shellQuote(api.apiKey)}`,
  ];
}

/** The request body the banner's example sends: a `ledger.credit`, with a `groupId` on a FIFO queue. */
export function exampleMessage(fifo: boolean): string {
  return JSON.stringify({ type: 'ledger.credit', payload: { account: 'alice', amount: 250 }, ...(fifo ? { groupId: 'alice' } : {}) });
}

/** The `curl` that posts {@link exampleMessage} with the exported variables, as the README writes it. */
export function exampleCurl(fifo: boolean): string {
  return `curl -sS -X POST "$${API_URL_VARIABLE}/messages" -H "x-api-key: $${API_KEY_VARIABLE}" -H 'content-type: application/json' -d ${shellQuote(exampleMessage(fifo))}`;
}
