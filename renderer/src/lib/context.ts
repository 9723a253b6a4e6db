// What App hands down to every screen without threading props through each one.
import { getContext, setContext, type Snippet } from 'svelte';

const BANNER = Symbol('exha.banner');

/** App's status area (activity, refused request, step error), rendered by each screen under its title. */
export function setBanner(banner: Snippet): void {
  setContext(BANNER, banner);
}

export function getBanner(): Snippet | undefined {
  return getContext<Snippet | undefined>(BANNER);
}
