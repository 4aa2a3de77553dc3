// The tutorial's figures: Figure 1 is the custom element (importing playground.js defines it),
// Figure 2 goes through the JS API in the figure layout, Figure 3 is an iframe sized by the
// height its embed reports.
import { autoResizeIframes, mount } from '../playground.js';

const keras3 = mount(document.getElementById('keras3'), {
  layout: 'figure',
  function: 'rosenbrock',
  start: [-1.5, 2],
  steps: 1500,
  panels: ['paths'],
  configs: [
    { name: 'adam', api: 'legacy', learning_rate: 0.003, decay: 0.0002 },
    {
      name: 'adam',
      api: 'keras3',
      learning_rate: { schedule: 'inverse_time_decay', initial_learning_rate: 0.003, decay_steps: 1, decay_rate: 0.0002 },
    },
    { name: 'adam', api: 'keras3', learning_rate: 0.003 },
  ],
});

autoResizeIframes([document.getElementById('embed')]);

const legacy = document.getElementById('legacy');
await customElements.whenDefined('optimizer-playground');
await Promise.all([keras3.ready, legacy.ready]);
document.body.dataset.ready = 'true';

// For tests and the console.
window.tutorial = { keras3, legacy: legacy.handle };
