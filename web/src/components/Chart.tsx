/** A small live line chart (SVG, no library): the last points of one series, with its latest value. */
export function Chart({ title, points, unit, format = (v) => v.toFixed(2) }: { title: string; points: number[]; unit: string; format?: (v: number) => string }) {
  const w = 300;
  const h = 80;
  const max = Math.max(1e-9, ...points);
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${((i / Math.max(1, points.length - 1)) * w).toFixed(1)},${(h - (p / max) * (h - 4) - 2).toFixed(1)}`).join(" ");
  const last = points[points.length - 1];
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>
        {title}: <strong data-testid={`chart-${title.toLowerCase().replace(/\W+/g, "-")}`}>{last === undefined ? "—" : `${format(last)} ${unit}`}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-hidden="true">
        <path d={path} fill="none" stroke="currentColor" strokeWidth="2" vectorEffect="non-scaling-stroke" />
      </svg>
      <small>max {format(max)} · {points.length} samples</small>
    </figure>
  );
}
