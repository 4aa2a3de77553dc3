// The list of optimizer configurations (configs-ui.js ConfigCard): adding, removing and
// replacing cards, each only ever handing on what the core accepted.
import { ConfigCard } from '../configs-ui.js';
import { readableOn, themeColors } from '../chart.js';
import { PALETTE, optimizerConfig } from '../optimizers.js';
import { MAX_CONFIGS } from '../state.js';
import { changed, validateOptimizer } from './state-sync.js';
import { parseKerasCode } from '../wasm.js';

/** Adds a card for `optimizer` (a configuration the core accepts), up to MAX_CONFIGS. */
export function addCard(ctx, optimizer, visible = true) {
  const { cards } = ctx;
  if (cards.length >= MAX_CONFIGS) return;
  const used = new Set(cards.map((c) => c.color));
  const card = new ConfigCard({
    color: PALETTE.find((c) => !used.has(c)) ?? PALETTE[0],
    optimizer,
    compact: true,
    // Editing the expression as text needs the core's Keras-code parser (its own wasm module,
    // fetched on the first edit).
    parse: (text) => parseKerasCode(text, ctx.build),
    validate: (o) => validateOptimizer(ctx, o),
    onChange: () => {
      if (!ctx.wasm || ctx.loading) return;
      ctx.hooks.redrawAll();
      changed(ctx);
    },
    onRemove: (c) => {
      cards.splice(cards.indexOf(c), 1);
      c.element.remove();
      ctx.hooks.redrawAll();
      changed(ctx);
    },
  });
  if (!visible) {
    card.visible = false;
    card.render();
  }
  // The list shows the colour as a stripe on the panel background: a variant of the map colour
  // that stays readable there (white is for the map, not a light page).
  card.element.style.setProperty('--swatch', readableOn(card.color, themeColors(ctx.root).bg));
  cards.push(card);
  ctx.$('configs').append(card.element);
}

/** Replaces every card with `configs` (`[{optimizer, visible}]`). */
export function setConfigs(ctx, configs) {
  for (const c of ctx.cards.splice(0)) c.element.remove();
  for (const c of configs) addCard(ctx, c.optimizer, c.visible);
}

/** Wires "Add a configuration". */
export function wireConfigList(ctx) {
  ctx.$('add-config').addEventListener('click', () => {
    addCard(ctx, optimizerConfig('adam', { learning_rate: 0.003 }));
    ctx.hooks.redrawAll();
    changed(ctx);
  });
}
