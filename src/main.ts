import { mount } from 'svelte';
import { registerSW } from 'virtual:pwa-register';
import App from './App.svelte';
import { app } from './lib/app.svelte.ts';
import './app.css';

// The service worker precaches the app and the evidence pack so that the app
// reloads and checks offline; new versions activate on the next load. It is
// registered once the checker has started: on a first start its precache
// (~50 MB with the model runtimes) would otherwise compete with the pack's
// download and unpacking for the network and the CPU.
void app.started.then(() => registerSW({ immediate: true }));

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
