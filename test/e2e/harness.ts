// End-to-end harness: the real engine (WizardController over real pwsh and the lab, zero lab delays),
// the browser host on a free loopback port, and Debian's Chromium driven by playwright-core.
// Every wait here is for a named condition on the page or the lab, never a fixed sleep.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { StepStatus } from '../../shared/contract';
import { STEP_IDS, type StepId } from '../../shared/steps';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { createWizard, type WizardController } from '../../electron/procedure/controller';
import { defaultLabSeed, type LabDelays } from '../../electron/targets/lab';
import { labControl, type LabControl } from '../helpers/lab-control';
import { RENDERER_DIR, ROOT, VIEWPORT, ZERO_DELAYS, ensureRendererBuilt, launchBrowser } from './chromium';
import { exportReport } from '../../electron/report/export';

export { CHROMIUM_ARGS, RENDERER_DIR, ROOT, VIEWPORT, ZERO_DELAYS, ensureRendererBuilt, launchBrowser } from './chromium';

// Functions passed to page.evaluate run in the page. The project's tsconfig has no DOM library (main and
// tests are Node), so the little of the DOM those functions touch is declared here, for this module only.
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  outerHTML: string;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  activeElement: PageElement | null;
};
declare const window: { axe?: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> } };

export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
export const AXE_PATH = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
/** The longest any single named wait may take: a whole step against the zero-delay lab is a few seconds,
 *  but a lab start on a busy two-core machine (load 25 seen) took over 45 s. A backstop, never a sleep. */
export const WAIT_MS = 180_000;

/** A whole run in a browser on a lab reached by remoting: about a minute alone, several when the machine is busy. */
export const E2E_TIMEOUT_MS = 900_000;

// ---- the engine and the browser host -----------------------------------------------------------

export interface WizardServer {
  controller: WizardController;
  /** The page address, token included (changes when the host restarts). */
  url: string;
  stateDir: string;
  labStatePath: string;
  /** The lab's state file as JSON (the lab re-reads it for every command). */
  readLab(): LabState;
  /** Runs lab-only PowerShell (Set-LabFault ...) against the same state file as the wizard. */
  lab(script: string): Promise<unknown>;
  /** Ends the engine and the browser host as a crash or a closed app would, then starts both again on the same state folder. */
  restartHost(): Promise<void>;
  close(): Promise<void>;
}

export interface LabState {
  cluster: { groups: { name: string }[]; resources: { name: string; ownerGroup?: string }[] };
  clientAccessArrays: { name?: string; fqdn?: string }[];
  databases: { name: string; rpcClientAccessServer: string }[];
  lab: { faults: unknown[] };
}

export function seedLab(): LabState {
  return JSON.parse(readFileSync(defaultLabSeed(), 'utf8')) as LabState;
}

export async function startWizard(options: { stateDir?: string; labDelays?: LabDelays } = {}): Promise<WizardServer> {
  ensureRendererBuilt();
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'exha-e2e-'));
  const labStatePath = join(stateDir, 'lab-state.json');
  const seedPath = defaultLabSeed();
  const hostLog: string[] = [];
  const make = async (): Promise<{ controller: WizardController; host: BrowserHost }> => {
    const controller = createWizard({
      exportReport,
      stateDir,
      labDelays: options.labDelays ?? ZERO_DELAYS,
      labStatePath,
      labSeedPath: seedPath,
    });
    const host = await startBrowserHost({
      host: controller,
      port: 0,
      staticDir: RENDERER_DIR,
      log: (line) => {
        hostLog.push(line);
      },
    });
    return { controller, host };
  };
  let current = await make();
  let labSession: LabControl | null = null;

  const server: WizardServer = {
    controller: current.controller,
    url: current.host.url,
    stateDir,
    labStatePath,
    readLab: () => JSON.parse(readFileSync(labStatePath, 'utf8')) as LabState,
    async lab(script) {
      labSession ??= labControl();
      return labSession.run(labStatePath, script);
    },
    async restartHost() {
      await current.host.close();
      await current.controller.dispose();
      current = await make();
      server.controller = current.controller;
      server.url = current.host.url;
    },
    async close() {
      await labSession?.dispose();
      await current.host.close();
      await current.controller.dispose();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return server;
}

// ---- Chromium ----------------------------------------------------------------------------------

/** A fresh context at 1280×800 (the browser itself comes from launchBrowser in ./chromium). */
export async function newContext(browser: Browser, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT, colorScheme, reducedMotion: 'reduce' });
}

/**
 * One browser per e2e file (files run side by side: every wait is on an event, so a busy machine only
 * makes them slower); every test gets a fresh context (1280×800) and
 * whatever it registers with `track` (wizard servers, contexts) is closed after it, pass or fail.
 */
export function e2eFile(): { browser: () => Browser; track: <T extends { close(): Promise<void> }>(thing: T) => T } {
  let browser: Browser | null = null;
  const open: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    ensureRendererBuilt();
    browser = await launchBrowser();
  }, 300_000);
  afterEach(async () => {
    // Newest first: pages and contexts before the servers they talk to.
    for (const thing of open.splice(0).reverse()) await thing.close().catch(() => undefined);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => {
      if (!browser) throw new Error('the browser is not running');
      return browser;
    },
    track: (thing) => {
      open.push(thing);
      return thing;
    },
  };
}

// ---- the page ----------------------------------------------------------------------------------

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const TERMINAL: readonly StepStatus[] = ['done', 'failed'];

/** One open wizard page, with waits for named conditions and the checks every test needs. */
export class WizardPage {
  /** Uncaught exceptions and console errors: an e2e run should have none. */
  readonly problems: string[] = [];

  constructor(readonly page: Page) {
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => {
      this.problems.push(`pageerror: ${error.message}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console: ${message.text()}`);
    });
  }

  static async open(context: BrowserContext, url: string): Promise<WizardPage> {
    const wp = new WizardPage(await context.newPage());
    await wp.page.goto(url);
    await wp.until('the first view arrived (the step rail is shown)', '[data-testid=rail]');
    return wp;
  }

  /** Waits until `condition` (a selector, or a function evaluated in the page) holds; the error names it and describes the page. */
  async until<A>(name: string, condition: string | ((arg: A) => boolean), arg?: A, timeout = WAIT_MS): Promise<void> {
    try {
      if (typeof condition === 'string') await this.page.waitForSelector(condition, { state: 'visible', timeout });
      else await this.page.waitForFunction(condition as (a: unknown) => boolean, arg as unknown, { timeout, polling: 'raf' });
    } catch (error) {
      throw new Error(
        `Timed out waiting until ${name}.\n${await this.describe()}\n(${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})`,
      );
    }
  }

  /** What the page shows now, for failure messages: the rail, the error panel, a refused request. */
  async describe(): Promise<string> {
    if (this.page.isClosed()) return '(page closed)';
    return this.page
      .evaluate(() => {
        const rail = [...document.querySelectorAll('[data-testid=rail] [data-step]')]
          .map((li) => `${li.getAttribute('data-step') ?? ''}=${li.getAttribute('data-status') ?? ''}`)
          .join(' ');
        const error = document.querySelector('[data-testid=error]')?.textContent?.replace(/\s+/g, ' ').trim();
        const refused = document.querySelector('[data-testid=request-error]')?.textContent?.replace(/\s+/g, ' ').trim();
        const status = document.querySelector('[data-testid=status]')?.textContent ?? '';
        return [`rail: ${rail}`, `status: ${status}`, error ? `error panel: ${error}` : '', refused ? `request error: ${refused}` : '']
          .filter(Boolean)
          .join('\n');
      })
      .catch((e: unknown) => `(page not readable: ${String(e)})`);
  }

  /** Waits until the element's text matches `pattern`. */
  async untilText(name: string, selector: string, pattern: RegExp): Promise<void> {
    await this.until(
      name,
      ({ selector: sel, source, flags }: { selector: string; source: string; flags: string }) =>
        new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
      { selector, source: pattern.source, flags: pattern.flags },
    );
  }

  async text(selector: string): Promise<string> {
    return ((await this.page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();
  }

  stepSelector(step: StepId, status?: StepStatus): string {
    return `[data-testid=rail] [data-step=${step}]${status ? `[data-status=${status}]` : ''}`;
  }

  /** Every rail item's status, in rail order. */
  async railStatuses(): Promise<string[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=rail] [data-step]')].map((li) => li.getAttribute('data-status') ?? ''),
    );
  }

  async stepStatus(step: StepId): Promise<StepStatus> {
    return (await this.page.getAttribute(this.stepSelector(step), 'data-status')) as StepStatus;
  }

  async waitForStep(step: StepId, status: StepStatus): Promise<void> {
    await this.until(`the rail shows ${step} as ${status}`, this.stepSelector(step, status));
  }

  /** Waits until the step has run (done or failed); a failure throws with the error panel's text unless allowed. */
  async waitForStepRun(step: StepId, options: { allowFailure?: boolean } = {}): Promise<StepStatus> {
    await this.until(`${step} has finished running (done or failed)`, TERMINAL.map((s) => this.stepSelector(step, s)).join(', '));
    const status = await this.stepStatus(step);
    if (status === 'failed' && !options.allowFailure)
      throw new Error(`Step ${step} failed in the lab (not a UI problem):\n${await this.describe()}`);
    return status;
  }

  /**
   * Retry on the error panel, then the new attempt's end. The rail shows the old attempt's failure until
   * the retry starts, so a wait for "done or failed" right after the click could end on that old failure.
   */
  async retryStep(step: StepId, options: { allowFailure?: boolean } = {}): Promise<StepStatus> {
    await this.page.locator('[data-testid=error]').getByRole('button', { name: 'Retry', exact: true }).click();
    await this.until(`${step} runs again`, (sel: string) => document.querySelector(sel) === null, this.stepSelector(step, 'failed'));
    return this.waitForStepRun(step, options);
  }

  async waitForScreen(step: StepId, timeout = WAIT_MS): Promise<void> {
    await this.until(`the ${step} screen is shown`, `[data-testid=screen-${step}]`, undefined, timeout);
  }

  next() {
    return this.page.locator('[data-testid=next]');
  }

  async waitForNextEnabled(): Promise<void> {
    await this.until('the Next button is enabled', '[data-testid=next]:not([aria-disabled=true])');
  }

  async nextLabel(): Promise<string> {
    return (await this.next().innerText()).trim();
  }

  async clickNext(): Promise<void> {
    await this.waitForNextEnabled();
    await this.next().click();
  }

  /** Runs the current (review) step with Next and waits for it to finish. */
  async runStep(step: StepId): Promise<void> {
    await this.waitForScreen(step);
    await this.waitForStep(step, 'current');
    await this.clickNext();
    await this.waitForStepRun(step);
  }

  /** From a finished step, Next to the following step's screen. */
  async advanceTo(step: StepId): Promise<void> {
    await this.clickNext();
    await this.waitForScreen(step);
  }

  button(name: string | RegExp) {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' });
  }

  /** The transcript's commands, oldest first (the panel lists newest first). */
  async transcriptLabels(): Promise<string[]> {
    const labels = await this.page.locator('[data-testid=transcript] .line .label').allInnerTexts();
    return labels.reverse();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    // The elapsed-time ticker and the caret change between frames; the screenshot is of what is settled.
    await this.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    return path;
  }

  /** axe-core on the page as it is now; returns the serious and critical violations. */
  async axe(): Promise<AxeViolation[]> {
    const loaded = await this.page.evaluate(() => typeof window.axe === 'object');
    // Not page.addScriptTag: the page's own CSP (script-src 'self') rightly blocks an inline <script>, and
    // the tests keep that CSP on rather than bypassing it. DevTools evaluation is outside the CSP.
    if (!loaded) await this.page.evaluate(axeSource());
    const violations = await this.page.evaluate(async () => {
      if (!window.axe) throw new Error('axe-core did not load');
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target })),
      }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  /** axe in light and in dark (prefers-color-scheme), restoring light; returns "where: rule (targets)" lines. */
  async axeBothSchemes(where: string): Promise<string[]> {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await this.page.emulateMedia({ colorScheme });
      for (const v of await this.axe()) {
        found.push(
          `${where} [${colorScheme}]: ${v.id} (${v.impact ?? ''}) ${v.help} — ${v.nodes
            .slice(0, 4)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
        );
      }
    }
    await this.page.emulateMedia({ colorScheme: 'light' });
    return found;
  }
}

let axeText: string | null = null;
function axeSource(): string {
  axeText ??= readFileSync(AXE_PATH, 'utf8');
  return axeText;
}

export function hasCasArrayGroup(lab: LabState, name = 'CASArray'): boolean {
  return lab.cluster.groups.some((g) => g.name.toLowerCase() === name.toLowerCase());
}

// ---- driving a run through the window -----------------------------------------------------------

export interface ClickThroughHooks {
  /** Called on the step's screen just before the Next that runs it (fill a form, inject a lab fault). */
  beforeRun?: (step: StepId) => Promise<void>;
  /** Called once the step has run; a step that failed throws before this unless allowFailure. */
  afterRun?: (step: StepId) => Promise<void>;
  /** Called on a finished step's screen before the Next that leaves it (the preflight acknowledgement). */
  beforeLeave?: (step: StepId) => Promise<void>;
}

/** Ticks what preflight asks for: the field-technique notice and, when there are warnings, the warnings. */
export async function acknowledgePreflight(wp: WizardPage): Promise<void> {
  const notice = wp.page.locator('#notice-ack');
  if (!(await notice.isChecked())) await notice.check();
  const warnings = wp.page.locator('#warnings-ack');
  if ((await warnings.count()) > 0 && !(await warnings.isChecked())) await warnings.check();
}

/**
 * Clicks from the Connect screen (nothing started) through every step up to and including `to`,
 * the way an admin does: Next runs a step, Next again moves on. Stops with a described error at the
 * first step that fails.
 */
export async function clickThrough(wp: WizardPage, to: StepId, hooks: ClickThroughHooks = {}): Promise<void> {
  for (const step of STEP_IDS.slice(0, STEP_IDS.indexOf(to) + 1)) {
    if (step !== 'connect') {
      const previous = STEP_IDS[STEP_IDS.indexOf(step) - 1]!;
      if (hooks.beforeLeave) await hooks.beforeLeave(previous);
      if (previous === 'preflight') await acknowledgePreflight(wp);
      await wp.advanceTo(step);
    } else {
      await wp.waitForScreen('connect');
    }
    if (step !== 'complete') {
      await wp.waitForNextEnabled();
      if (hooks.beforeRun) await hooks.beforeRun(step);
      await wp.clickNext();
    }
    // Complete runs by itself when the run arrives there.
    await wp.waitForStepRun(step);
    if (hooks.afterRun) await hooks.afterRun(step);
  }
}

/**
 * Moves keyboard focus with Tab (or Shift+Tab) until the focused element matches `selector`: the only
 * way a keyboard user gets anywhere. Fails, listing where focus went, when it is not reachable.
 */
export async function tabTo(wp: WizardPage, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab', maxPresses = 120): Promise<void> {
  const visited: string[] = [];
  for (let i = 0; i <= maxPresses; i += 1) {
    const here = await wp.page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el) return { match: false, what: '(nothing)' };
      return { match: el.matches(sel), what: el.outerHTML.slice(0, 90) };
    }, selector);
    if (here.match) return;
    visited.push(here.what);
    await wp.page.keyboard.press(key);
  }
  throw new Error(
    `${selector} was not reachable with ${key} in ${String(maxPresses)} presses; focus visited:\n${visited.slice(0, 40).join('\n')}`,
  );
}
