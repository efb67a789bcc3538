// The bundles table: columns as a small typed list, sorting by one column, and TanStack Virtual for
// rows, so 1,000 or 50,000 bundles render in the same time (only the visible rows are in the DOM).
// Measured (scripts/bench/60-renderer.mjs): TanStack Table's row model built a row object, a cell
// object and a memoised getter per cell for every one of the 1,000 rows before the first paint and
// took most of the render time; one sort of plain rows and cells drawn for visible rows only do not.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRow } from '../../src-main/api/types.ts';
import { StatusBadge } from '../components/common.tsx';
import { shown } from '../../assets/locales/shown.ts';

const STATUS_ORDER: Record<string, number> = { broken: 0, stale: 1, 'not-a-bundle': 2, current: 3 };
const ROW_HEIGHT = 40;

export function ownerText(row: BundleRow, t: (k: string) => string): string {
  const name = t(`bundles:owner.${row.owner.kind}`);
  return row.owner.version ? `${name} ${shown(row.owner.version)}` : name;
}

/** "3.12.1 requests, 3.11.7 pip": who reads this bundle. */
export function usedByText(row: BundleRow, t: (k: string) => string): string {
  return row.usedBy.map((u) => `${shown(u.version ?? t('pythons.unknownVersion'))} ${u.client}`).join(', ');
}

type T = (k: string) => string;
interface Column {
  id: 'status' | 'path' | 'owner' | 'certificates' | 'expired' | 'missing' | 'usedBy';
  /** What the column sorts by. */
  key: (r: BundleRow, t: T) => number | string;
  cell: (r: BundleRow, t: T, onOpen: (id: string) => void) => React.ReactNode;
}

const COLUMNS: Column[] = [
  { id: 'status', key: (r) => STATUS_ORDER[r.status] ?? 9, cell: (r) => <StatusBadge status={r.status} /> },
  {
    id: 'path',
    key: (r) => r.path,
    cell: (r, _t, onOpen) => (
      <button type="button" className="link-button path" onClick={() => onOpen(r.id)} title={shown(r.path)}>
        {shown(r.path)}
      </button>
    ),
  },
  { id: 'owner', key: (r, t) => ownerText(r, t), cell: (r, t) => ownerText(r, t) },
  { id: 'certificates', key: (r) => r.certificates, cell: (r) => r.certificates },
  { id: 'expired', key: (r) => r.expired, cell: (r) => r.expired },
  { id: 'missing', key: (r) => r.missing, cell: (r) => r.missing },
  { id: 'usedBy', key: (r, t) => usedByText(r, t), cell: (r, t) => usedByText(r, t) || '—' },
];

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorted by the column's key, then by path, so equal keys keep a stable, readable order. */
export function sortRows(rows: BundleRow[], column: Column['id'], desc: boolean, t: T): BundleRow[] {
  const col = COLUMNS.find((c) => c.id === column) ?? COLUMNS[0]!;
  const keyed = rows.map((r) => ({ r, k: col.key(r, t) }));
  const dir = desc ? -1 : 1;
  keyed.sort((a, b) => {
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
    return c !== 0 ? c * dir : collator.compare(a.r.path, b.r.path);
  });
  return keyed.map((x) => x.r);
}

interface Props {
  rows: BundleRow[];
  selected: string | null;
  onOpen: (id: string) => void;
}

export const BundleTable = memo(function BundleTable({ rows, selected, onOpen }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ id: Column['id']; desc: boolean }>({ id: 'status', desc: false });
  const sorted = useMemo(() => sortRows(rows, sort.id, sort.desc, t), [rows, sort, t]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Close to the real size (the CSS gives the table the window's height less ~300 px), so the
    // first measurement does not force a second render; and no flushSync from a layout effect.
    initialRect: { width: 1000, height: Math.max(260, (typeof window === 'undefined' ? 800 : window.innerHeight) - 300) },
    useFlushSync: false,
  });
  const items = virtual.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  // For the benchmark (scripts/bench/60-renderer.mjs): when rows first reach the DOM.
  const marked = useRef(false);
  useLayoutEffect(() => {
    if (!marked.current && sorted.length > 0) {
      marked.current = true;
      performance.mark('bundles:rows');
    }
  });
  const toggle = (id: Column['id']): void => setSort((s) => (s.id === id ? { id, desc: !s.desc } : { id, desc: false }));

  return (
    <div className="table-scroll" ref={scroller} tabIndex={0} role="region" aria-label={t('bundles.tableLabel')}>
      <table className="grid" aria-rowcount={sorted.length + 1}>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const on = sort.id === c.id;
              return (
                <th key={c.id} className={`col-${c.id}`} aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="sort-button" onClick={() => toggle(c.id)}>
                    {t(`bundles.col.${c.id}`)}
                    <span className="sort-mark" aria-hidden="true">{on ? (sort.desc ? '▼' : '▲') : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {items.map((item) => {
            const r = sorted[item.index];
            if (!r) return null;
            return (
              <tr key={r.id} data-status={r.status} data-id={r.id} className={r.id === selected ? 'selected' : undefined} style={{ height: ROW_HEIGHT }} aria-rowindex={item.index + 2}>
                {COLUMNS.map((c) => (
                  <td key={c.id} className={`col-${c.id}`}>
                    {c.cell(r, t, onOpen)}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  );
});
