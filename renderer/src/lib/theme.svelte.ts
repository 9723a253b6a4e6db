// Light, dark, or the system's choice; remembered on this machine when storage is available.
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'exha.theme';

function load(): ThemeChoice {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export class Theme {
  choice = $state<ThemeChoice>(load());

  constructor() {
    apply(this.choice);
  }

  cycle(): void {
    const order: ThemeChoice[] = ['system', 'light', 'dark'];
    this.choice = order[(order.indexOf(this.choice) + 1) % order.length] ?? 'system';
    apply(this.choice);
    try {
      if (this.choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, this.choice);
    } catch {
      // Storage can be unavailable (file:// in some shells); the choice still holds for this run.
    }
  }
}
