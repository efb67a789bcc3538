// The bundles table: TanStack Table v9 (`useTable`) for columns and sorting, TanStack Virtual for
// rows, so 1,000 or 50,000 bundles render in the same time (only the visible rows are in the DOM).
import {
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type ColumnDef,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRow } from '../../src-main/api/types.ts';
import { StatusBadge } from '../components/common.tsx';

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});

const STATUS_ORDER: Record<string, number> = { broken: 0, stale: 1, 'not-a-bundle': 2, current: 3 };
const ROW_HEIGHT = 40;

export function ownerText(row: BundleRow, t: (k: string) => string): string {
  const name = t(`bundles:owner.${row.owner.kind}`);
  return row.owner.version ? `${name} ${row.owner.version}` : name;
}

interface Props {
  rows: BundleRow[];
  selected: string | null;
  onOpen: (id: string) => void;
}

export const BundleTable = memo(function BundleTable({ rows, selected, onOpen }: Props): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const columns = useMemo<Array<ColumnDef<typeof features, BundleRow>>>(
    () => [
      { id: 'status', header: t('bundles.col.status'), accessorFn: (r) => STATUS_ORDER[r.status] ?? 9, sortFn: 'basic', cell: (c) => <StatusBadge status={c.row.original.status} /> },
      {
        id: 'path',
        header: t('bundles.col.path'),
        accessorFn: (r) => r.path,
        sortFn: 'alphanumeric',
        cell: (c) => (
          <button type="button" className="link-button path" onClick={() => onOpen(c.row.original.id)} title={c.row.original.path}>
            {c.row.original.path}
          </button>
        ),
      },
      { id: 'owner', header: t('bundles.col.owner'), accessorFn: (r) => ownerText(r, t), sortFn: 'alphanumeric' },
      { id: 'certificates', header: t('bundles.col.certificates'), accessorFn: (r) => r.certificates, sortFn: 'basic' },
      { id: 'expired', header: t('bundles.col.expired'), accessorFn: (r) => r.expired, sortFn: 'basic' },
      { id: 'missing', header: t('bundles.col.missing'), accessorFn: (r) => r.missing, sortFn: 'basic' },
      { id: 'usedBy', header: t('bundles.col.usedBy'), accessorFn: (r) => r.usedBy.join(', '), sortFn: 'alphanumeric', cell: (c) => c.row.original.usedBy.join(', ') || '—' },
    ],
    [t, i18n.language, onOpen],
  );
  const table = useTable({ features, columns, data: rows, initialState: { sorting: [{ id: 'status', desc: false }] } });
  const model = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: model.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12, initialRect: { width: 1000, height: 600 } });
  const items = virtual.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <div className="table-scroll" ref={scroller} tabIndex={0} role="region" aria-label={t('bundles.tableLabel')}>
      <table className="grid" aria-rowcount={model.length + 1}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} className={`col-${header.column.id}`} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                    <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                      <table.FlexRender header={header} />
                      <span className="sort-mark" aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {items.map((item) => {
            const row = model[item.index];
            if (!row) return null;
            return (
              <tr key={row.id} data-status={row.original.status} data-id={row.original.id} className={row.original.id === selected ? 'selected' : undefined} style={{ height: ROW_HEIGHT }} aria-rowindex={item.index + 2}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
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
