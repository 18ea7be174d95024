// A QR code of a link, drawn as SVG rectangles (no markup strings): the encoder loads with the surveys page.
import qrcode from 'qrcode-generator';

/** The QR code of `text`. */
export function QrCode({ text, size = 168, label }: { text: string; size?: number; label: string }) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const cells: string[] = [];
  for (let r = 0; r < count; r++)
    for (let c = 0; c < count; c++) if (qr.isDark(r, c)) cells.push(`M${c + 2},${r + 2}h1v1h-1z`);
  return (
    <svg
      width={size}
      height={size}
      viewBox={`0 0 ${count + 4} ${count + 4}`}
      role="img"
      aria-label={label}
      className="qr"
    >
      <rect width={count + 4} height={count + 4} fill="#fff" />
      <path d={cells.join('')} fill="#000" shapeRendering="crispEdges" />
    </svg>
  );
}
