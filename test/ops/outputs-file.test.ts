import { describe, expect, it } from 'vitest';
import { pickStackOutputs } from '../../ops/outputs-file.js';

describe('pickStackOutputs', () => {
  it('takes the only stack of a file, whatever its name', () => {
    expect(pickStackOutputs({ Orders: { QueueUrl: 'q' } }, 'f.json')).toEqual({ stackName: 'Orders', outputs: { QueueUrl: 'q' } });
  });

  it('prefers the stack called Conveyor among several', () => {
    expect(pickStackOutputs({ Other: { A: 'a' }, Conveyor: { B: 'b' } }, 'f.json').stackName).toBe('Conveyor');
  });

  it('names the stack it could not find', () => {
    expect(() => pickStackOutputs({ Orders: { A: 'a' } }, 'f.json', 'Payments')).toThrow(/no stack Payments; choose one with --stack \(Orders\)/);
  });

  it('refuses an empty object', () => {
    expect(() => pickStackOutputs({}, 'f.json')).toThrow(expect.objectContaining({ code: 'OUTPUTS_FILE', details: { file: 'f.json' } }));
  });
});
