// embed.html#v1.…: one playground without the page chrome, for an <iframe> in a tutorial.
// `?controls=locked|hidden` locks or hides the controls; `?layout=figure` shows one map or
// chart with the configuration lines under it; the panels come from the link. The
// page reports its content height to its parent (see playground.js heightFromMessage), so a
// parent that wants to can size the iframe to fit.
import { mount, HEIGHT_MESSAGE } from '../playground.js';

const params = new URLSearchParams(location.search);
const controls = params.get('controls') ?? 'visible';
// `?layout=figure`: one map or chart with the configuration lines under it (else the link's).
const layout = params.get('layout');
const handle = mount(document.getElementById('app'), {
  state: location.hash,
  controls: ['visible', 'locked', 'hidden'].includes(controls) ? controls : 'visible',
  ...(layout === null ? {} : { layout }),
});
const openFull = document.getElementById('open-full');

handle.ready.then(
  (loaded) => {
    if (!loaded) return;
    document.body.dataset.build = loaded.build;
    document.body.dataset.ready = 'true';
  },
  (e) => {
    const box = document.getElementById('fatal');
    box.textContent = `Could not load the WebAssembly module: ${e?.message ?? e}`;
    box.hidden = false;
  },
);
handle.on('change', () => {
  openFull.href = handle.link();
});
handle.ready.then(() => {
  openFull.href = handle.link();
});

// Only when framed: tell the parent how tall the content is. The height is not secret, so any
// parent origin may read it; the parent checks the sender (heightFromMessage).
if (window.parent !== window) {
  let last = -1;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  };
  new ResizeObserver(report).observe(document.body);
}

window.playground = handle;
