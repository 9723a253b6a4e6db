// A clock that ticks once a second only while something on screen reads it.
import { createSubscriber } from 'svelte/reactivity';

export class Clock {
  readonly #subscribe = createSubscriber((update) => {
    const id = setInterval(update, 1000);
    return () => {
      clearInterval(id);
    };
  });

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const clock = new Clock();
