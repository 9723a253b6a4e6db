// The window at the three widths the e2e tests check (a small laptop, a tablet, a desktop): a screenshot of
// each, nothing that scrolls sideways, and axe in light and dark. Violations are collected for one assertion.
import { expect } from 'vitest';
import type { WizardPage } from '../e2e/harness';

const WIDTHS = [640, 1024, 1920] as const;
const HEIGHT: Record<(typeof WIDTHS)[number], number> = { 640: 900, 1024: 768, 1920: 1080 };

declare const window: { innerWidth: number };

/** `shots` names the screenshots (`<shots>-<name>-<width>`); `name` the screen, in every message. */
export async function atEveryWidth(wp: WizardPage, shots: string, name: string, violations: string[]): Promise<void> {
  for (const width of WIDTHS) {
    await wp.page.setViewportSize({ width, height: HEIGHT[width] });
    await wp.until(`the layout settles at ${String(width)} px`, (w: number) => window.innerWidth === w, width);
    await wp.screenshot(`${shots}-${name}-${String(width)}`);
    const overflow = await wp.page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, `${name} at ${String(width)} px scrolls sideways`).toBeLessThanOrEqual(0);
    violations.push(...(await wp.axeBothSchemes(`${name} @${String(width)}`)));
  }
  await wp.page.setViewportSize({ width: 1280, height: 800 });
}
