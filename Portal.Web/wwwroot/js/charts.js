// Chart.js 4 behind a small interface for the ChartJs Blazor component: create, update in place, destroy.
// Chart.js itself is loaded as a classic script (wwwroot/lib/chart.js, from npm) and exposes window.Chart.

const palette = ['#1f4e79', '#b8860b', '#2e7d32', '#c62828', '#6a1b9a', '#00838f', '#ef6c00', '#5d4037'];

function toConfig(kind, data, options) {
  const doughnut = kind === 'doughnut';
  return {
    type: kind,
    data: {
      labels: data.labels,
      datasets: data.datasets.map((d, i) => ({
        label: d.label,
        data: d.data,
        backgroundColor: doughnut ? data.labels.map((_, j) => palette[j % palette.length]) : (d.color ?? palette[i % palette.length]),
        borderColor: doughnut ? '#ffffff' : (d.color ?? palette[i % palette.length]),
        borderWidth: doughnut ? 2 : 2,
        fill: false,
        cubicInterpolationMode: 'monotone',
        pointRadius: kind === 'line' ? 0 : undefined,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: options.animate ? undefined : false,
      plugins: {
        legend: { display: options.legend ?? true, position: 'bottom' },
        title: { display: !!options.title, text: options.title },
        tooltip: {
          callbacks: options.currency
            ? { label: ctx => `${ctx.dataset.label ? ctx.dataset.label + ': ' : ''}${formatMoney(ctx.parsed.y ?? ctx.parsed, options)}` }
            : undefined,
        },
      },
      scales: doughnut ? undefined : {
        y: { beginAtZero: true, ticks: { callback: v => options.currency ? compact(v, options.locale) : v } },
      },
    },
  };
}

function formatMoney(value, options) {
  return new Intl.NumberFormat(options.locale || undefined, { style: 'currency', currency: options.currency }).format(value);
}

function compact(value, locale) {
  return new Intl.NumberFormat(locale || undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function createChart(canvas, kind, data, options) {
  if (!window.Chart) {
    throw new Error('Chart.js is not loaded.');
  }
  return { chart: new window.Chart(canvas, toConfig(kind, data, options ?? {})) };
}

export function updateChart(handle, kind, data, options) {
  const config = toConfig(kind, data, options ?? {});
  handle.chart.data = config.data;
  handle.chart.options = config.options;
  handle.chart.update();
}

export function destroyChart(handle) {
  handle?.chart?.destroy();
}
