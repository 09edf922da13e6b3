import { mount } from 'svelte';
import { registerSW } from 'virtual:pwa-register';
import App from './App.svelte';
import './app.css';

// The service worker precaches the app and the evidence pack so that the app
// reloads and checks offline; new versions activate on the next load.
registerSW({ immediate: true });

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
