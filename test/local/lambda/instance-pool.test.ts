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

  describe('idle timeout', () => {
    function agingPool(idleTimeoutMs: number) {
      let now = 0;
      let next = 0;
      const created: FakeInstance[] = [];
      const instances = new InstancePool<FakeInstance>(3, () => {
        const instance = new FakeInstance(++next);
        created.push(instance);
        return instance;
      }, idleTimeoutMs, () => now);
      return { instances, created, advance: (ms: number) => { now += ms; } };
    }

    it('terminates instances idle for the timeout, keeps younger ones, and starts cold afterwards', async () => {
      const { instances, created, advance } = agingPool(1_000);
      const [a, b] = [await instances.acquire(), await instances.acquire()];
      instances.release(a!.instance);
      advance(600);
      instances.release(b!.instance);
      advance(500);

      const reaped = instances.reapIdle();

      expect(reaped).toBe(1);
      expect(created.map((instance) => instance.alive)).toEqual([false, true]);
      expect(instances.counts.instances).toBe(1);
      expect((await instances.acquire())?.instance.id).toBe(2);
      expect(await instances.acquire()).toMatchObject({ cold: true });
      instances.close();
    });

    it('never reaps a busy instance or one that was just handed out again', async () => {
      const { instances, advance } = agingPool(1_000);
      const lease = await instances.acquire();
      advance(5_000);

      expect(instances.reapIdle()).toBe(0);
      instances.release(lease!.instance);
      advance(999);
      expect(instances.reapIdle()).toBe(0);
      await instances.acquire();
      advance(5_000);
      expect(instances.reapIdle()).toBe(0);
      instances.close();
    });

    it('keeps instances forever with a timeout of 0', async () => {
      const { instances, advance } = agingPool(0);
      instances.release((await instances.acquire())!.instance);
      advance(10_000_000);

      expect(instances.reapIdle()).toBe(0);
      expect(instances.counts.instances).toBe(1);
    });
  });
});
