// chart.js: the horizontal bar chart of the result and dashboard pages,
// built as SVG with text nodes (never parsed markup).

import { s } from './dom.js';

/** @typedef {{label: string, value: number, text?: string, key?: string, barCls?: string}} Bar */

// Two sizes: the large bars of a vote's result, the smaller ones of a dashboard.
const SIZES = {
  large: { row: 76, labelY: 24, barY: 34, barH: 32, valueY: 60, valueCls: 'chart-count', cls: 'chart' },
  small: { row: 64, labelY: 20, barY: 28, barH: 28, valueY: 50, valueCls: 'chart-value', cls: 'chart dash-chart' },
};

/**
 * One bar per item; max is the value of a full bar (else the largest).
 * @param {string} id
 * @param {string} titleText
 * @param {Bar[]} items
 * @param {{max?: number, size?: 'large'|'small'}} [opts]
 */
export function barChart(id, titleText, items, { max = 0, size = 'small' } = {}) {
  const g = SIZES[size];
  const top = Math.max(1, max || 0, ...items.map((i) => i.value || 0));
  const W = 600;
  const barMax = 440;
  const H = g.row * items.length + 8;
  const titleID = `${id}-title`;
  const svg = s('svg', { id, class: g.cls, viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': titleID });
  svg.append(s('title', { id: titleID }, titleText));
  items.forEach((it, i) => {
    const v = it.value || 0;
    const y = i * g.row + 4;
    const w = v > 0 ? Math.max(4, Math.round((barMax * v) / top)) : 0;
    const row = s('g', it.key ? { class: `chart-row option-${it.key}`, 'data-key': it.key } : { class: 'chart-row' },
      s('text', { x: 0, y: y + g.labelY, class: 'chart-label' }, it.label),
      s('rect', { x: 0, y: y + g.barY, width: barMax, height: g.barH, class: 'chart-track' }),
      s('rect', { x: 0, y: y + g.barY, width: w, height: g.barH, class: it.barCls || 'chart-bar dash-bar' }),
      s('text', { x: barMax + 12, y: y + g.valueY, class: g.valueCls }, it.text !== undefined ? it.text : String(v)));
    svg.append(row);
  });
  return svg;
}
