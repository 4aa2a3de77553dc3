// Saves bytes made in the page as a file (a Blob URL and a temporary link), e.g. the TensorBoard
// event files the core writes.

/** The name TensorBoard looks for: `events.out.tfevents.<seconds>.<host>`. */
export const tfeventsName = (wallTime) => `events.out.tfevents.${Math.floor(wallTime)}.optimizer-playground`;

/**
 * Offers `bytes` for download as `name`.
 * @param {Uint8Array} bytes @param {string} name
 */
export function downloadBytes(bytes, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
