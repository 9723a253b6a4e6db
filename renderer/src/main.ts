// Boots the window: picks the API (the real bridge, or the canned one with ?fake=1), then mounts the app.
import './app.css';
import { mount } from 'svelte';
import type { WizardApi } from '../../shared/contract';
import App from './App.svelte';
import { WizardState } from './wizard.svelte';
import { Theme } from './lib/theme.svelte';
import { connectApi } from './bridge';

async function pickApi(): Promise<WizardApi> {
  const params = new URLSearchParams(location.search);
  if (params.get('fake') === '1') {
    // Development only: canned views for every screen, loaded as a separate chunk.
    const { createFakeApi } = await import('./dev/fake-api');
    return createFakeApi(params);
  }
  return connectApi();
}

async function boot(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('no #app element');
  try {
    const api = await pickApi();
    const theme = new Theme();
    mount(App, { target, props: { wizard: new WizardState(api), theme } });
  } catch (error) {
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.className = 'boot-error';
    p.textContent = `The wizard could not start: ${error instanceof Error ? error.message : String(error)}`;
    target.replaceChildren(p);
  }
}

void boot();
