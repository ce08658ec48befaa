// The portal's entry point: mounts the app into #app.
// Never does anything else at load (no analytics, no storage reads of secrets).
import { render } from 'preact';
import { App } from './app.js';

const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(<App />, root);
}
