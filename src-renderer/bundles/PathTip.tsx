// The whole path of a row, in a tip beside its button on hover and keyboard focus (the cell shows
// only the end). Fixed to the window so the table's scrolling box does not clip it; above the row
// when the row is near the bottom of the window.
import { shown } from '../../assets/locales/shown.ts';

export interface TipAt {
  id: string;
  path: string;
  rect: DOMRect;
}

export function PathTip({ id, at }: { id: string; at: TipAt }): React.JSX.Element {
  const below = at.rect.bottom + 80 < window.innerHeight;
  const left = Math.max(8, Math.min(at.rect.left, window.innerWidth - 520));
  const style: React.CSSProperties = below
    ? { left, top: at.rect.bottom + 4 }
    : { left, bottom: window.innerHeight - at.rect.top + 4 };
  return (
    <div id={id} role="tooltip" className="path-tip" style={style}>
      {shown(at.path)}
    </div>
  );
}
