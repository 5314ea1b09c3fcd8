import { describe, expect, it } from 'vitest';

import { EntryQueue } from './entry-queue.js';

function filled(count: number): EntryQueue<number> {
  const queue = new EntryQueue<number>();
  for (let item = 0; item < count; item++) queue.push(item);
  return queue;
}

describe('EntryQueue', () => {
  it('keeps items in push order', () => {
    const queue = filled(3);

    expect(queue.toArray()).toEqual([0, 1, 2]);
    expect(queue.length).toBe(3);
    expect(queue.first()).toBe(0);
    expect(queue.last()).toBe(2);
  });

  it('drops from the front', () => {
    const queue = filled(3);
    queue.dropFirst();

    expect(queue.toArray()).toEqual([1, 2]);
    expect(queue.first()).toBe(1);
  });

  it('keeps order across compaction', () => {
    const queue = filled(5_000);
    for (let dropped = 0; dropped < 3_000; dropped++) queue.dropFirst();
    queue.push(5_000);

    expect(queue.length).toBe(2_001);
    expect(queue.first()).toBe(3_000);
    expect(queue.last()).toBe(5_000);
    expect(queue.toArray()).toEqual(Array.from({ length: 2_001 }, (_, index) => 3_000 + index));
  });

  it('ignores a drop when empty', () => {
    const queue = filled(1);
    queue.dropFirst();
    queue.dropFirst();

    expect(queue.length).toBe(0);
    expect(queue.first()).toBeUndefined();
    expect(queue.last()).toBeUndefined();
    expect(queue.toArray()).toEqual([]);
  });
});
