import { describe, expect, it } from 'vitest';
import { KeyLocks } from '../../../local/aws-proxy/key-locks.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyLocks', () => {
  it('lets one holder of a key at a time, in arrival order', async () => {
    // Arrange
    const locks = new KeyLocks();
    const order: string[] = [];
    const first = await locks.acquire(['a']);

    // Act
    const second = locks.acquire(['a']).then((release) => (order.push('second'), release));
    const third = locks.acquire(['a']).then((release) => (order.push('third'), release));
    await tick();
    order.push('first releases');
    first();
    (await second)();
    (await third)();

    // Assert
    expect(order).toEqual(['first releases', 'second', 'third']);
    expect(locks.size).toBe(0);
  });

  it('does not hold up other keys', async () => {
    const locks = new KeyLocks();
    await locks.acquire(['a']);

    const other = await Promise.race([locks.acquire(['b']).then(() => 'acquired'), tick().then(() => 'blocked')]);

    expect(other).toBe('acquired');
  });

  it('takes overlapping sets given in opposite orders without deadlock', async () => {
    // Arrange
    const locks = new KeyLocks();
    let inside = 0;
    let most = 0;
    const holder = (keys: string[]) =>
      locks.withLocks(keys, async () => {
        inside += 1;
        most = Math.max(most, inside);
        await tick();
        inside -= 1;
      });

    // Act
    await Promise.all(Array.from({ length: 50 }, (_, i) => holder(i % 2 === 0 ? ['x', 'y', 'z'] : ['z', 'y', 'x'])));

    // Assert
    expect(most).toBe(1);
    expect(locks.size).toBe(0);
  });

  it('withLocks releases when the work throws, and a release called twice is harmless', async () => {
    const locks = new KeyLocks();

    await expect(locks.withLocks(['a'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const release = await locks.acquire(['a', 'a']);
    release();
    release();

    expect(locks.size).toBe(0);
  });
});
