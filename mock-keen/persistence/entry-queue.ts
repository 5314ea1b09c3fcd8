/**
 * A list that drops from its front in constant time. `Array.prototype.shift` moves every element,
 * which made each dropped journal entry cost time in proportion to the journal's size.
 */
export class EntryQueue<T> {
  private items: Array<T | undefined> = [];
  private start = 0;

  get length(): number {
    return this.items.length - this.start;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Drop the first item; the slot is cleared so the item can be collected. */
  dropFirst(): void {
    if (this.length === 0) return;
    this.items[this.start] = undefined;
    this.start += 1;
    // Compact once the dropped slots are the larger part, so each item is moved at most once on average.
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  first(): T | undefined {
    return this.items[this.start];
  }

  last(): T | undefined {
    return this.length === 0 ? undefined : this.items[this.items.length - 1];
  }

  toArray(): T[] {
    return this.items.slice(this.start) as T[];
  }
}
