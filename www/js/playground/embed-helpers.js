// What a host page needs to embed a playground in an <iframe>: the embed's URL, the snippet,
// and the height messages an embed sends its parent (validated before they are trusted).

/** The embed page, next to playground.js (this module lives in js/playground/). */
export const EMBED_URL = new URL('../../embed.html', import.meta.url).href;

/**
 * The `<iframe>` snippet that embeds a state.
 * @param {string} fragment   `v1.…` from `serializeState` / `handle.fragment()`
 * @param {{controls?: string, layout?: string, height?: number, base?: string}} [o]
 */
export function embedCode(fragment, { controls = 'visible', layout = 'full', height = 640, base = EMBED_URL } = {}) {
  const url = new URL(base);
  const query = new URLSearchParams();
  if (controls !== 'visible') query.set('controls', controls);
  if (layout && layout !== 'full') query.set('layout', layout);
  url.search = query.toString() ? `?${query}` : '';
  url.hash = fragment;
  return `<iframe src="${url.href.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" title="optimizer-playground: what Keras's decay really does" width="100%" height="${Math.round(height)}" loading="lazy"></iframe>`;
}

/** The message an embed sends its parent with its content height. */
export const HEIGHT_MESSAGE = 'optimizer-playground:height';

/**
 * Checks a message event from an embed: it must come from `iframe`'s window and origin and
 * have the shape `{type: HEIGHT_MESSAGE, height: number in [0, 20000]}`.
 * @returns {number | null} the height, or null for anything else
 */
export function heightFromMessage(event, iframe) {
  if (!iframe?.contentWindow || event.source !== iframe.contentWindow) return null;
  let origin;
  try {
    origin = new URL(iframe.src, document.baseURI).origin;
  } catch {
    return null;
  }
  if (event.origin !== origin) return null;
  const d = event.data;
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return null;
  const keys = Object.keys(d).sort().join(',');
  if (keys !== 'height,type' || d.type !== HEIGHT_MESSAGE) return null;
  if (typeof d.height !== 'number' || !Number.isFinite(d.height) || d.height < 0 || d.height > 20000) return null;
  return d.height;
}

/**
 * Sizes each iframe to the height its embed reports (validated by `heightFromMessage`).
 * @param {Iterable<HTMLIFrameElement>} iframes
 * @returns {() => void} stops listening
 */
export function autoResizeIframes(iframes) {
  const list = [...iframes];
  const onMessage = (event) => {
    for (const iframe of list) {
      const h = heightFromMessage(event, iframe);
      if (h !== null) iframe.height = String(Math.ceil(h));
    }
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}
