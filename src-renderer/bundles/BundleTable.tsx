// The bundles table: columns as a small typed list, sorting by one column, and TanStack Virtual for
// rows, so 1,000 or 50,000 bundles render in the same time (only the visible rows are in the DOM).
// Measured (scripts/bench/60-renderer.mjs): TanStack Table's row model built a row object, a cell
// object and a memoised getter per cell for every one of the 1,000 rows before the first paint and
// took most of the render time; one sort of plain rows and cells drawn for visible rows only do not.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRow } from '../../src-main/api/types.ts';
import { StatusBadge } from '../components/common.tsx';
import { GradeBadge } from './Staleness.tsx';
import { shown } from '../../assets/locales/shown.ts';
import { distinctTails, splitAt } from './pathTail.ts';
import { PathTip, type TipAt } from './PathTip.tsx';

const STATUS_ORDER: Record<string, number> = { broken: 0, stale: 1, 'not-a-bundle': 2, current: 3 };
/** Within "stale", the bundles that need a refresh first. */
const GRADE_ORDER: Record<string, number> = { outdated: 0, 'current-enough': 0.5 };
const ROW_HEIGHT = 40;

export function ownerText(row: BundleRow, t: (k: string) => string): string {
  const name = t(`bundles:owner.${row.owner.kind}`);
  return row.owner.version ? `${name} ${shown(row.owner.version)}` : name;
}

/** "3.12.1 requests, 3.11.7 pip": who reads this bundle. */
export function usedByText(row: BundleRow, t: (k: string) => string): string {
  return row.usedBy.map((u) => `${shown(u.version ?? t('pythons.unknownVersion'))} ${u.client}`).join(', ');
}

/** "stale" and, for a stale bundle, its grade ("outdated" / "current enough"). */
export function StatusCell({ row }: { row: Pick<BundleRow, 'status' | 'grade'> }): React.JSX.Element {
  return (
    <>
      <StatusBadge status={row.status} /> <GradeBadge grade={row.grade} />
    </>
  );
}

type T = (k: string) => string;
/** What a path cell needs besides its row: the table's handlers and how much of the end to keep. */
interface PathCellContext {
  onOpen: (id: string) => void;
  tails: Map<string, number>;
  tipFor: string | null;
  showTip: (row: BundleRow, el: HTMLElement) => void;
  hideTip: () => void;
}
interface Column {
  id: 'status' | 'path' | 'owner' | 'certificates' | 'expired' | 'missing' | 'usedBy';
  /** What the column sorts by. */
  key: (r: BundleRow, t: T) => number | string;
  cell: (r: BundleRow, t: T, c: PathCellContext) => React.ReactNode;
}

/** Counts against the reference mean nothing for a file that is not a trust list. */
const counted = (r: BundleRow): boolean => r.status === 'current' || r.status === 'stale';

/** The path as a button: the head shortened with an ellipsis, the distinguishing end always shown;
 * screen readers get the whole path, sighted users get it in a tip on hover and keyboard focus. */
function PathButton({ r, c }: { r: BundleRow; c: PathCellContext }): React.JSX.Element {
  const { head, tail } = splitAt(r.path, c.tails.get(r.path) ?? 2);
  return (
    <button
      type="button"
      className="link-button path"
      onClick={() => c.onOpen(r.id)}
      onFocus={(e) => c.showTip(r, e.currentTarget)}
      onBlur={c.hideTip}
      onMouseEnter={(e) => c.showTip(r, e.currentTarget)}
      onMouseLeave={c.hideTip}
      aria-describedby={c.tipFor === r.id ? PATH_TIP_ID : undefined}
    >
      <span className="path-short" aria-hidden="true">
        {head && <span className="path-head">{shown(head)}</span>}
        <span className="path-tail">
          <bdi>{shown(tail)}</bdi>
        </span>
      </span>
      <span className="visually-hidden">{shown(r.path)}</span>
    </button>
  );
}
const PATH_TIP_ID = 'bundle-path-tip';

const COLUMNS: Column[] = [
  {
    id: 'status',
    key: (r) => (STATUS_ORDER[r.status] ?? 9) + (r.grade ? (GRADE_ORDER[r.grade] ?? 0) : 0),
    cell: (r) => <StatusCell row={r} />,
  },
  {
    id: 'path',
    key: (r) => r.path,
    cell: (r, _t, c) => <PathButton r={r} c={c} />,
  },
  { id: 'owner', key: (r, t) => ownerText(r, t), cell: (r, t) => ownerText(r, t) },
  { id: 'certificates', key: (r) => r.certificates, cell: (r) => r.certificates },
  { id: 'expired', key: (r) => r.expired, cell: (r) => r.expired },
  { id: 'missing', key: (r) => (counted(r) ? r.missing : -1), cell: (r) => (counted(r) ? r.missing : '—') },
  { id: 'usedBy', key: (r, t) => usedByText(r, t), cell: (r, t) => usedByText(r, t) || '—' },
];

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorted by the column's key, then by path, so equal keys keep a stable, readable order. */
export function sortRows(rows: BundleRow[], column: Column['id'], desc: boolean, t: T): BundleRow[] {
  const col = COLUMNS.find((c) => c.id === column) ?? COLUMNS[0]!;
  const keyed = rows.map((r) => ({ r, k: col.key(r, t) }));
  const dir = desc ? -1 : 1;
  keyed.sort((a, b) => {
    const c =
      typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
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
    initialRect: {
      width: 1000,
      height: Math.max(260, (typeof window === 'undefined' ? 800 : window.innerHeight) - 300),
    },
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
  // One tip for the table, placed by the button it describes (fixed, so the table's scroll does
  // not clip it); it goes away when the table scrolls, since it would no longer sit by its row.
  const [tip, setTip] = useState<TipAt | null>(null);
  const showTip = useCallback(
    (row: BundleRow, el: HTMLElement) => setTip({ id: row.id, path: row.path, rect: el.getBoundingClientRect() }),
    [],
  );
  const hideTip = useCallback(() => setTip(null), []);
  const tails = useMemo(() => distinctTails(rows.map((r) => r.path)), [rows]);
  const cellContext: PathCellContext = { onOpen, tails, tipFor: tip?.id ?? null, showTip, hideTip };
  const toggle = (id: Column['id']): void =>
    setSort((s) => (s.id === id ? { id, desc: !s.desc } : { id, desc: false }));

  return (
    <div
      className="table-scroll"
      ref={scroller}
      tabIndex={0}
      role="region"
      aria-label={t('bundles.tableLabel')}
      onScroll={tip ? hideTip : undefined}
    >
      <table className="grid" aria-rowcount={sorted.length + 1}>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const on = sort.id === c.id;
              return (
                <th
                  key={c.id}
                  className={`col-${c.id}`}
                  aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                >
                  <button type="button" className="sort-button" onClick={() => toggle(c.id)}>
                    {t(`bundles.col.${c.id}`)}
                    <span className="sort-mark" aria-hidden="true">
                      {on ? (sort.desc ? '▼' : '▲') : ''}
                    </span>
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
              <tr
                key={r.id}
                data-status={r.status}
                data-id={r.id}
                className={r.id === selected ? 'selected' : undefined}
                style={{ height: ROW_HEIGHT }}
                aria-rowindex={item.index + 2}
              >
                {COLUMNS.map((c) => (
                  <td key={c.id} className={`col-${c.id}`}>
                    {c.cell(r, t, cellContext)}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
      {tip && <PathTip id={PATH_TIP_ID} at={tip} />}
    </div>
  );
});
