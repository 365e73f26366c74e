import { describe, expect, it } from 'vitest';
import { InstancePool, type PooledInstance } from '../../../local/lambda/instance-pool.js';

class FakeInstance implements PooledInstance {
  alive = true;
  constructor(readonly id: number) {}
  async terminate(): Promise<void> {
    this.alive = false;
  }
}

function pool(max: number) {
  let next = 0;
  return new InstancePool<FakeInstance>(max, () => new FakeInstance(++next));
}

describe('InstancePool', () => {
  it('starts instances up to max, then queues callers in FIFO order', async () => {
    const instances = pool(1);
    const first = await instances.acquire();
    const order: number[] = [];

    const waiting = [instances.acquire().then(() => order.push(1)), instances.acquire().then(() => order.push(2))];
    instances.release(first!.instance);
    await waiting[0];
    instances.release(first!.instance);
    await Promise.all(waiting);

    expect(first).toMatchObject({ cold: true });
    expect(order).toEqual([1, 2]);
    expect(instances.counts).toEqual({ instances: 1, busy: 1, queued: 0 });
  });

  it('hands a warm instance back out', async () => {
    const instances = pool(2);
    const first = await instances.acquire();
    instances.release(first!.instance);

    const second = await instances.acquire();

    expect(second).toEqual({ instance: first!.instance, cold: false });
  });

  it('starts a new instance for a waiter when a busy one is discarded', async () => {
    const instances = pool(1);
    const first = await instances.acquire();
    const waiting = instances.acquire();

    instances.discard(first!.instance);

    expect(await waiting).toMatchObject({ cold: true, instance: { id: 2 } });
  });

  it('skips idle instances that died', async () => {
    const instances = pool(2);
    const first = await instances.acquire();
    instances.release(first!.instance);
    first!.instance.alive = false;

    const next = await instances.acquire();

    expect(next).toMatchObject({ cold: true, instance: { id: 2 } });
    expect(instances.counts.instances).toBe(1);
  });

  it('answers waiters with undefined once closed and terminates released instances', async () => {
    const instances = pool(1);
    const first = await instances.acquire();
    const waiting = instances.acquire();

    const all = instances.close();
    instances.release(first!.instance);

    expect(all).toEqual([first!.instance]);
    expect(await waiting).toBeUndefined();
    expect(await instances.acquire()).toBeUndefined();
    expect(first!.instance.alive).toBe(false);
  });
});
