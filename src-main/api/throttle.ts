// Progress arrives per file (thousands a second on a disk walk); the screen needs a few updates a
// second. Keeps the newest value and sends it at most every `ms`; `flush` sends what is pending.
export interface Throttled<T> {
  push(value: T): void;
  flush(): void;
}

export function throttle<T>(
  send: (value: T) => void,
  ms: number,
  now: () => number = () => performance.now(),
): Throttled<T> {
  let last = -Infinity;
  let pending: { value: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    timer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = undefined;
    last = now();
    send(value);
  };
  return {
    push(value) {
      pending = { value };
      const wait = last + ms - now();
      if (wait <= 0) fire();
      else timer ??= setTimeout(fire, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      fire();
    },
  };
}
