// Compact configurations (www/js/configs-ui.js): a card is one line until opened, and its
// rarely moved arguments sit behind "more arguments". Tests open them the way a person does.

/**
 * Opens a configuration card's editor (a click on its one-line expression) and, with `more`,
 * its "more arguments" disclosure (a click on the summary).
 * @param {import('playwright-core').Locator} card  a `.config` element
 */
export async function openCard(card, { more = true } = {}) {
  if (!(await card.evaluate((e) => e.classList.contains('open')))) await card.locator('button.title').click();
  if (more && !(await card.locator('details.more').evaluate((d) => d.open))) await card.locator('details.more > summary').click();
}
