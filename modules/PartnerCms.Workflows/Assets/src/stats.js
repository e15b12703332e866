// The workflows list's chart: runs and failures per day over the last 30 days (the table beside it has the figures).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
const boot = JSON.parse(document.getElementById('stats-boot').textContent);
const canvas = document.getElementById('wf-stats-chart');
if (canvas) {
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: boot.days,
      datasets: [
        { label: 'Finished or waiting', data: boot.ok, backgroundColor: '#2d6a4f', stack: 'runs' },
        { label: 'Failed', data: boot.failed, backgroundColor: '#b3261e', stack: 'runs' },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 10 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}
