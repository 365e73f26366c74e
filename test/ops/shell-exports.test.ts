import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { apiExportLines, exampleCurl, exampleMessage, shellQuote } from '../../ops/shell-exports.js';

/** Runs `script` in a real bash and returns what it printed. */
const bash = (script: string) => execFileSync('bash', ['-c', script], { encoding: 'utf8' });

describe('shellQuote', () => {
  it.each([
    ['plain', 'abc'],
    ['a quote', "it's"],
    ['shell syntax', '$(rm -rf /) `x` "y" \\ $HOME ; &'],
    ['empty', ''],
  ])('makes %s one word bash reads back unchanged', (_case, value) => {
    expect(bash(`printf %s ${shellQuote(value)}`)).toBe(value);
  });
});

describe('apiExportLines', () => {
  it('export API_URL without the stage URL’s trailing slash and API_KEY as they are', () => {
    const lines = apiExportLines({ apiUrl: 'http://127.0.0.1:3000/prod/', apiKey: "k'ey$1" });

    expect(bash(`${lines.join('\n')}\nprintf '%s|%s' "$API_URL" "$API_KEY"`)).toBe("http://127.0.0.1:3000/prod|k'ey$1");
  });

  it('makes "$API_URL/messages" a path without a double slash', () => {
    const lines = apiExportLines({ apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/', apiKey: 'k' });

    expect(bash(`${lines.join('\n')}\nprintf %s "$API_URL/messages"`)).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod/messages');
  });
});

describe('exampleCurl', () => {
  it('sends the example message, with a groupId only on FIFO', () => {
    expect(JSON.parse(exampleMessage(false))).not.toHaveProperty('groupId');
    expect(JSON.parse(exampleMessage(true))).toHaveProperty('groupId');
  });

  it('passes the body to curl as one argument, unchanged', () => {
    // `curl` replaced by a function that prints its last argument.
    const printed = bash(`curl() { printf %s "\${@: -1}"; }\nAPI_URL=u API_KEY=k\n${exampleCurl(true)}`);

    expect(printed).toBe(exampleMessage(true));
  });
});
