// Charts on pages without a circuit: each canvas[data-chart] carries its chart as JSON ({ kind, data, options }),
// drawn with charts.js (the same Chart.js interface the interactive pages use) and redrawn in place when a live
// page takes new data for it.

import { createChart, updateChart, destroyChart } from './charts.js';

const drawn = new Map();

// Draws every chart in root not drawn yet, and lets go of those no longer in the page (after a navigation).
export function drawCharts(root = document) {
  for (const [canvas, handle] of drawn) {
    if (!canvas.isConnected) {
      destroyChart(handle);
      drawn.delete(canvas);
    }
  }
  for (const canvas of root.querySelectorAll('canvas[data-chart]')) {
    if (drawn.has(canvas)) continue;
    try {
      const { kind, data, options } = JSON.parse(canvas.dataset.chart);
      drawn.set(canvas, createChart(canvas, kind, data, options));
    } catch {
      // A chart that fails to draw must not take the page down with it: the figures are in the page and the API.
      canvas.closest('.chart-box')?.querySelector('[data-chart-failed]')?.removeAttribute('hidden');
    }
  }
}

// Takes the charts of a newly rendered fragment into the page's charts of the same id: data, options and what the
// chart says to screen readers change; the canvas, and so the chart on screen, stays.
export function updateCharts(target, fresh) {
  for (const canvas of fresh.querySelectorAll('canvas[data-chart-id]')) {
    const current = target.querySelector(`canvas[data-chart-id="${CSS.escape(canvas.dataset.chartId)}"]`);
    if (!current) continue;
    current.dataset.chart = canvas.dataset.chart;
    const label = canvas.closest('.chart-box')?.getAttribute('aria-label');
    if (label) current.closest('.chart-box')?.setAttribute('aria-label', label);
    const handle = drawn.get(current);
    if (!handle) continue;
    const { kind, data, options } = JSON.parse(canvas.dataset.chart);
    updateChart(handle, kind, data, options);
  }
}
