/** The console's charts (Chart.js, bundled): accesses per hour, denials per agency, sealed reads. */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'react';

import type { Charts as ChartData } from './queries';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const COLOURS: Readonly<Record<string, string>> = {
  OK: '#3b8f5a',
  PARTIAL: '#d49b2a',
  DENIED: '#c2453b',
  ERROR: '#7a4bb0',
  PENDING: '#6b7785',
};

function ChartCanvas(props: { id: string; title: string; config: ChartConfiguration<'bar'> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) {
      return undefined;
    }
    const chart = new Chart(canvas.current, props.config);
    return () => chart.destroy();
  }, [props.config]);
  const points = props.config.data.datasets.reduce((n, d) => n + d.data.length, 0);
  return (
    <figure className="chart" data-chart={props.id} data-points={points}>
      <figcaption>{props.title}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
      {points === 0 && <p className="muted">No data in this range.</p>}
    </figure>
  );
}

function hourLabel(iso: string): string {
  return `${iso.slice(5, 10)} ${iso.slice(11, 13)}h`;
}

function perHour(data: ChartData): ChartConfiguration<'bar'> {
  const hours = [...new Set(data.accessLogCounts.map((c) => c.hour))].sort();
  const outcomes = [...new Set(data.accessLogCounts.map((c) => c.outcome))].sort();
  const count = new Map(data.accessLogCounts.map((c) => [`${c.hour}|${c.outcome}`, c.count]));
  return {
    type: 'bar',
    data: {
      labels: hours.map(hourLabel),
      datasets: outcomes.map((outcome) => ({
        label: outcome,
        data: hours.map((hour) => count.get(`${hour}|${outcome}`) ?? 0),
        backgroundColor: COLOURS[outcome] ?? '#888',
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
    },
  };
}

function denials(data: ChartData): ChartConfiguration<'bar'> {
  const rows = data.accessLogDenialsByAgency;
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.agency ?? '(no caller)'),
      datasets: [
        { label: 'DENIED', data: rows.map((r) => r.denied), backgroundColor: COLOURS.DENIED },
        { label: 'PARTIAL', data: rows.map((r) => r.partial), backgroundColor: COLOURS.PARTIAL },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      indexAxis: 'y',
      scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } },
    },
  };
}

function sealedWeekly(data: ChartData): ChartConfiguration<'bar'> {
  const rows = data.accessLogReadsByWeek;
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => `week of ${r.week.slice(0, 10)}`),
      datasets: [
        {
          label: 'sealed records read',
          data: rows.map((r) => r.records),
          backgroundColor: '#1d2330',
        },
        { label: 'requests', data: rows.map((r) => r.requests), backgroundColor: '#7f8fa6' },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  };
}

export function ChartsPanel(props: { data: ChartData | undefined; error: string | undefined }) {
  if (props.error) {
    return <p className="error">Charts: {props.error}</p>;
  }
  if (!props.data) {
    return <p className="muted">Loading charts…</p>;
  }
  return (
    <section className="charts">
      <ChartCanvas
        id="per-hour"
        title="Accesses per hour, by outcome"
        config={perHour(props.data)}
      />
      <ChartCanvas id="denials" title="Denials per agency" config={denials(props.data)} />
      <ChartCanvas
        id="sealed"
        title="Sealed-record reads per week"
        config={sealedWeekly(props.data)}
      />
    </section>
  );
}
