// The DOM of one playground instance: every named part (class `pg-<name>`, with `ids` also id
// `<name>`), grouped into the panels that `panels` shows or hides. Nothing here draws or
// listens; the other modules find the parts through `ctx.$(name)`.
import { el } from '../dom.js';
import { MAX_STEPS, PANELS } from '../state.js';

const PANEL_LABELS = { paths: 'paths', lr: 'lr chart', loss: 'loss chart', explain: 'explanation', code: 'code' };

/**
 * Builds an instance's DOM.
 * @param {object} options  mount options (`ids`, `share`)
 * @param {number} n        the instance number
 * @returns {{P: Record<string, HTMLElement>, sections: Record<string, HTMLElement>, notice: HTMLElement, shareBar: HTMLElement|null, root: HTMLElement}}
 */
export function buildDom(options, n) {
  const P = {};
  /** An element that is one named part: class `pg-<name>`; with `ids`, also id `<name>`. */
  const part = (name, tag, attrs = {}, ...children) => {
    const node = el(tag, { ...attrs, class: [`pg-${name}`, attrs.class].filter(Boolean).join(' ') }, ...children);
    if (options.ids) node.id = name;
    P[name] = node;
    return node;
  };
  const num = (name, attrs) => part(name, 'input', { type: 'number', ...attrs });
  const lockable = (...children) => el('fieldset', { class: 'pg-lockable' }, ...children);

  const sections = {
    paths: part('playground', 'section', { class: 'panel pg-panel', 'data-panel': 'paths' },
      el('h2', { text: 'Step paths' }),
      el('div', { class: 'playground-grid' },
        el('div', { class: 'map-pane' },
          lockable(el('div', { class: 'toolbar pg-controls' },
            el('label', {}, 'Function ', part('function', 'select')),
            part('condition-label', 'label', { hidden: true }, 'Condition number κ ', num('condition', { min: 1, max: 10000, step: 1, value: 100 })),
            el('label', {}, 'Steps ', num('steps', { min: 1, max: MAX_STEPS, step: 100, value: 2000 })),
            el('span', { class: 'spacer' }),
            part('zoom-in', 'button', { type: 'button', title: 'Zoom in', text: '+' }),
            part('zoom-out', 'button', { type: 'button', title: 'Zoom out', text: '−' }),
            part('zoom-reset', 'button', { type: 'button', title: 'Show the whole domain', text: 'Fit' }),
          )),
          part('formula', 'p', { class: 'formula' }),
          part('toolbar-error', 'p', { class: 'field-error', role: 'alert', hidden: true }),
          el('div', { class: 'map-wrap' },
            part('map', 'canvas', {
              tabindex: 0,
              'aria-label': 'Contour map of the function with each optimizer\'s step path. Click or drag to set the start point; wheel to zoom; shift-drag to pan; arrow keys move the start point.',
            }),
            part('map-tooltip', 'div', { class: 'tooltip', hidden: true }),
          ),
          el('div', { class: 'map-legend' },
            part('legend', 'canvas', { width: 256, height: 12, 'aria-hidden': 'true' }),
            part('legend-lo', 'span'), el('span', { class: 'legend-mid', text: 'log-scaled f(x, y)' }), part('legend-hi', 'span'),
          ),
          el('div', { class: 'transport' },
            part('play', 'button', { type: 'button', text: 'Play' }),
            part('step', 'button', { type: 'button', text: 'Step' }),
            part('reset', 'button', { type: 'button', text: 'Reset' }),
            el('label', { class: 'scrubber' }, 'Iteration ', part('scrubber', 'input', { type: 'range', min: 0, max: 2000, value: 2000 })),
            part('iteration', 'output', { text: '2000' }),
          ),
          el('p', { class: 'hint pg-controls', text: 'Click or drag on the map to move the start point. Wheel zooms, shift-drag pans.' }),
        ),
      ),
    ),
    lr: part('charts', 'section', { class: 'panel pg-panel', 'data-panel': 'lr' },
      el('h2', { text: 'Learning rate versus iteration' }),
      lockable(el('div', { class: 'toolbar pg-controls' },
        el('label', {}, part('lr-log', 'input', { type: 'checkbox' }), ' log scale'),
        el('label', {}, part('lr-step-size', 'input', { type: 'checkbox', checked: true }), ' Adam\'s bias-corrected step size'),
        el('label', {}, 'Dataset size ', num('dataset-size', { min: 1, max: 100000000, step: 1, value: 60000 })),
        el('label', {}, 'Batch size ', num('batch-size', { min: 1, max: 1000000, step: 1, value: 32 })),
        el('label', {}, 'Epochs shown ', num('epochs', { min: 1, max: 200, step: 1, value: 10 })),
      )),
      part('epoch-error', 'p', { class: 'field-error', role: 'alert', hidden: true }),
      el('p', { class: 'chart-caption' }, 'Solid: the learning rate each update really uses. Flat dotted: what ',
        el('code', { text: 'optimizer.lr' }), ', History, CSVLogger and TensorBoard report. Dashed (Adam): the step size after bias correction, ',
        el('code', { text: 'lr_t = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)' }), ' with ', el('code', { text: 't = iterations + 1' }),
        ': below the lr in the first updates, then equal to it; it is not decay. Vertical dotted lines: epoch boundaries (', part('steps-per-epoch', 'span'), ').'),
      part('lr-chart', 'canvas', { class: 'chart', role: 'img', 'aria-label': 'Learning rate per iteration' }),
      part('lr-readout', 'p', { class: 'readout', 'aria-live': 'polite' }),
      el('p', { class: 'tb-download' },
        part('tensorboard-download', 'button', { type: 'button', text: 'Download TensorBoard log' }), ' ',
        el('span', { class: 'hint', text: 'loss, lr and lr_effective of every shown configuration, per update (open with tensorboard --logdir)' }), ' ',
        part('tensorboard-status', 'span', { role: 'status', 'aria-live': 'polite' })),
      part('epoch-details', 'details', { open: true },
        el('summary', { text: 'Learning rate at the start of each epoch (columns: the configurations by number)' }),
        el('p', { class: 'chart-caption', text: 'The last column is the lr History, CSVLogger and TensorBoard log for that epoch (optimizer.lr): the base lr under legacy decay, the schedule\'s value for a schedule; where the configurations log different values, each is listed with the configurations (#) that log it.' }),
        // Focusable: the table scrolls sideways on a phone, and arrow keys scroll it.
        el('div', { class: 'table-wrap', tabindex: 0, role: 'group', 'aria-label': 'Learning rate at the start of each epoch' }, part('epoch-table', 'table')),
      ),
    ),
    loss: part('loss-panel', 'section', { class: 'panel pg-panel', 'data-panel': 'loss' },
      el('h2', { text: 'Loss versus iteration' }),
      part('loss-chart', 'canvas', { class: 'chart', role: 'img', 'aria-label': 'Loss per iteration, log scale' }),
      part('loss-readout', 'p', { class: 'readout', 'aria-live': 'polite' }),
    ),
    explain: part('explain', 'section', { class: 'panel pg-panel', 'data-panel': 'explain' },
      el('h2', {}, 'What ', el('code', { text: 'decay' }), ' is not, with these numbers'),
      part('explanation', 'ul', { class: 'misreadings-list' }),
      // The claim chart belongs to the list's "divided by decay after each epoch".
      el('p', { class: 'chart-caption', text: 'Keras\'s lr at each epoch start (solid) beside the claim that the lr is divided by decay after each epoch (dashed), log scale.' }),
      part('claim-chart', 'canvas', { class: 'chart small', role: 'img', 'aria-label': 'Keras\'s real decay per epoch beside the claim that lr is divided by decay after each epoch' }),
      part('claim-readout', 'p', { class: 'readout' })),
    code: part('code-panel', 'section', { class: 'panel pg-panel', 'data-panel': 'code' },
      el('h2', { text: 'This configuration as code' }),
      el('div', { class: 'toolbar' }, el('label', {}, 'Configuration ', part('code-config', 'select'))),
      part('code-blocks', 'div', { class: 'code-blocks' }),
    ),
  };
  const notice = part('notice', 'div', { class: 'notice', role: 'status', hidden: true },
    part('notice-text', 'span'),
    part('notice-close', 'button', { type: 'button', 'aria-label': 'Dismiss', text: '✕' }),
  );
  const shareBar = options.share
    ? part('share', 'div', { class: 'share panel' },
      el('span', { class: 'share-panels' }, 'Show ', PANELS.map((name) => el('label', {}, el('input', { type: 'checkbox', 'data-panel-toggle': name, checked: true }), ` ${PANEL_LABELS[name]}`))),
      part('copy-link', 'button', { type: 'button', text: 'Copy link' }),
      part('copy-embed', 'button', { type: 'button', text: 'Copy embed code' }),
      el('label', {}, 'Embed controls ', part('embed-controls', 'select', {},
        el('option', { value: 'visible', text: 'visible' }), el('option', { value: 'locked', text: 'locked' }), el('option', { value: 'hidden', text: 'hidden' }))),
      el('label', {}, 'Embed layout ', part('embed-layout', 'select', {},
        el('option', { value: 'full', text: 'everything shown' }), el('option', { value: 'figure', text: 'figure (one map or chart)' }))),
      part('share-status', 'span', { class: 'share-status', role: 'status' }),
      part('share-output', 'textarea', { class: 'share-output', readonly: true, rows: 2, 'aria-label': 'Link or embed code', hidden: true }),
    )
    : null;
  // The configurations drive every panel, so they are their own block (beside the map on a
  // wide screen, under the figure in the figure layout), not part of one panel.
  const configsBlock = part('configs-panel', 'div', { class: 'panel configs-panel pg-controls', role: 'group', 'aria-label': 'Optimizer configurations' },
    lockable(el('div', { class: 'configs-pane' },
      el('h2', { class: 'configs-title', text: 'Configurations' }),
      part('configs', 'div', { class: 'configs' }),
      part('add-config', 'button', { type: 'button', text: 'Add a configuration' }),
    )),
  );
  const { paths, lr, ...others } = sections;
  // `.op-root` is the size container (container queries); `.op-layout` the grid inside it.
  const root = el('div', { class: 'op-root', 'data-instance': n, 'data-layout': 'full' },
    // Reading order: the map, the configurations that draw on it, then the charts.
    el('div', { class: 'op-layout' }, notice, shareBar, paths, configsBlock, lr, ...Object.values(others)));
  return { P, sections, notice, shareBar, root };
}
