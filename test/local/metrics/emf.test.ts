import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEmf } from '../../../local/metrics/emf.js';
import { emfLine } from './factories.js';

describe('parseEmf', () => {
  it('reads a Powertools line', () => {
    // Arrange
    const line =
      '{"_aws":{"Timestamp":1764287000000,"CloudWatchMetrics":[{"Namespace":"Conveyor","Dimensions":[["service"]],"Metrics":[{"Name":"MessagesAccepted","Unit":"Count"}]}]},"service":"Conveyor","MessagesAccepted":1}';

    // Act
    const records = parseEmf(line);

    // Assert
    expect(records).toEqual([
      { namespace: 'Conveyor', name: 'MessagesAccepted', unit: 'Count', dimensions: { service: 'Conveyor' }, values: [1], timestamp: 1_764_287_000_000 },
    ]);
  });

  it('reads array values and several metrics', () => {
    const line = emfLine({ metrics: { ProcessingTime: { unit: 'Milliseconds', value: [3, 4.5, 10] }, MessagesProcessed: { unit: 'Count', value: 3 } } });

    const records = parseEmf(line);

    expect(records?.map((r) => [r.name, r.unit, r.values])).toEqual([
      ['ProcessingTime', 'Milliseconds', [3, 4.5, 10]],
      ['MessagesProcessed', 'Count', [3]],
    ]);
  });

  it('reads several directives and dimension sets, one record per set', () => {
    // Arrange
    const line = JSON.stringify({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          { Namespace: 'A', Dimensions: [['service'], ['service', 'type'], []], Metrics: [{ Name: 'X', Unit: 'Count' }] },
          { Namespace: 'B', Dimensions: [], Metrics: [{ Name: 'Y' }] },
        ],
      },
      service: 's',
      type: 't',
      X: 1,
      Y: 2,
    });

    // Act
    const records = parseEmf(line);

    // Assert
    expect(records?.map((r) => [r.namespace, r.name, r.unit, r.dimensions, r.values])).toEqual([
      ['A', 'X', 'Count', { service: 's' }, [1]],
      ['A', 'X', 'Count', { service: 's', type: 't' }, [1]],
      ['A', 'X', 'Count', {}, [1]],
      ['B', 'Y', 'None', {}, [2]],
    ]);
  });

  it('skips dimension sets naming a missing or non-string member', () => {
    const line = JSON.stringify({
      _aws: { CloudWatchMetrics: [{ Namespace: 'A', Dimensions: [['missing'], ['count'], ['service']], Metrics: [{ Name: 'X' }] }] },
      service: 's',
      count: 3,
      X: 1,
    });

    expect(parseEmf(line)?.map((r) => r.dimensions)).toEqual([{ service: 's' }]);
  });

  it('leaves out the timestamp when it is missing or invalid', () => {
    const line = JSON.stringify({ _aws: { Timestamp: 'soon', CloudWatchMetrics: [{ Namespace: 'A', Metrics: [{ Name: 'X' }] }] }, X: 1 });

    expect(parseEmf(line)).toEqual([{ namespace: 'A', name: 'X', unit: 'None', dimensions: {}, values: [1] }]);
  });

  it.each([
    ['a huge number', 1e300, []],
    ['an overflowing number', '1e400', []],
    ['a string', '"7"', []],
    ['null', 'null', []],
    ['NaN and too-large values in an array', '[1, "NaN", null, 2, 1e100, -1e200]', [1, 2, 1e100]],
    ['an empty array', '[]', []],
  ])('ignores %s', (_name, raw, values) => {
    // Arrange: raw JSON text for the value
    const line = `{"_aws":{"CloudWatchMetrics":[{"Namespace":"A","Dimensions":[[]],"Metrics":[{"Name":"X"}]}]},"X":${String(raw)}}`;

    // Act
    const records = parseEmf(line);

    // Assert
    expect(records?.flatMap((r) => r.values) ?? 'not EMF').toEqual(values);
  });

  it.each([
    ['a log line', '{"level":"INFO","message":"done"}'],
    ['plain text', 'START RequestId: 1 Version: $LATEST'],
    ['malformed JSON', '{"_aws": {"CloudWatchMetrics": ['],
    ['_aws without CloudWatchMetrics', '{"_aws":{"Timestamp":1}}'],
    ['_aws that is not an object', '{"_aws":[1]}'],
    ['an empty line', ''],
    ['JSON text that is not an object', '["_aws"]'],
  ])('answers undefined for %s', (_name, line) => {
    expect(parseEmf(line)).toBeUndefined();
  });

  it('skips invalid directives and metrics but keeps the rest', () => {
    const line = JSON.stringify({
      _aws: { CloudWatchMetrics: [null, { Namespace: '' }, { Namespace: 'A', Metrics: [{}, { Name: 5 }, { Name: 'X' }] }] },
      X: 1,
    });

    expect(parseEmf(line)?.map((r) => r.name)).toEqual(['X']);
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json().map((j) => `{"_aws":${j}}`), fc.jsonValue().map((v) => JSON.stringify({ _aws: { CloudWatchMetrics: [v] }, X: v }))), (line) => {
        const records = parseEmf(line);
        expect(records === undefined || Array.isArray(records)).toBe(true);
      }),
    );
  });
});
