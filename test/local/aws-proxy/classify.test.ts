import { describe, expect, it } from 'vitest';
import { fromQuery, fromTarget, mayBeQueryProtocol, regionOf, splitCaller } from '../../../local/aws-proxy/classify.js';

describe('splitCaller', () => {
  it.each([
    ['/_caller/Consumer/', 'Consumer', '/'],
    ['/_caller/Consumer', 'Consumer', '/'],
    ['/_caller/Consumer?Action=X', 'Consumer', '/?Action=X'],
    ['/_caller/EventSourceMapping/a/b', 'EventSourceMapping', '/a/b'],
    ['/_caller/%E2%9C%93/', '✓', '/'],
    ['/_caller/%E2/', '%E2', '/'],
    ['/_caller//', undefined, '/'],
    ['/', undefined, '/'],
    ['/other/_caller/X/', undefined, '/other/_caller/X/'],
  ])('%s → caller %s, path %s', (url, caller, path) => {
    expect(splitCaller(url)).toEqual({ caller, url: path });
  });
});

describe('fromTarget', () => {
  it.each([
    ['DynamoDB_20120810.PutItem', { service: 'dynamodb', operation: 'PutItem', protocol: 'dynamodb-json' }],
    ['AmazonSQS.SendMessageBatch', { service: 'sqs', operation: 'SendMessageBatch', protocol: 'sqs-json' }],
    ['DynamoDBStreams_20120810.GetRecords', undefined],
    ['AmazonSQS.', undefined],
    ['AmazonSQS.Send Message', undefined],
    [undefined, undefined],
  ])('%s', (target, expected) => {
    expect(fromTarget(target)).toEqual(expected);
  });
});

describe('query protocol', () => {
  it('is suspected from a form content type or an Action in the URL', () => {
    expect(mayBeQueryProtocol({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, '/')).toBe(true);
    expect(mayBeQueryProtocol({}, '/?Action=ListQueues')).toBe(true);
    expect(mayBeQueryProtocol({ 'content-type': 'application/json' }, '/')).toBe(false);
  });

  it('reads Action from the body, then the query string', () => {
    expect(fromQuery(Buffer.from('Action=ListQueues&Version=2012-11-05'), '/')).toEqual({ service: 'sqs', operation: 'ListQueues', protocol: 'sqs-query' });
    expect(fromQuery(Buffer.alloc(0), '/?Version=1&Action=SendMessage')).toMatchObject({ operation: 'SendMessage' });
    expect(fromQuery(Buffer.from('Version=2012-11-05'), '/')).toBeUndefined();
  });
});

describe('regionOf', () => {
  it.each([
    ['AWS4-HMAC-SHA256 Credential=test/20251127/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc', 'us-east-1'],
    ['AWS4-HMAC-SHA256 Credential=test/20251127/eu-west-1/sqs/aws4_request,SignedHeaders=host', 'eu-west-1'],
    ['Bearer token', undefined],
    [undefined, undefined],
  ])('%s → %s', (authorization, region) => {
    expect(regionOf(authorization)).toBe(region);
  });
});
