// At most `size` holders at once; the others wait in arrival order. `peak` is the most ever held at once.
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];
  peak = 0;

  constructor(readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held++;
    this.peak = Math.max(this.peak, this.held);
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter (held stays), or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.held--;
    }
  }
}
