// The one way a change leaves the parts of a wizard: a part that changed something the window shows calls
// emit(), and the view feed (the only subscriber in the app) builds and pushes the next view.
export class Changes {
  readonly #listeners = new Set<() => void>();

  emit(): void {
    for (const listener of this.#listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** What a part that only announces changes needs to see of them. */
export type ChangeSink = Pick<Changes, 'emit'>;
