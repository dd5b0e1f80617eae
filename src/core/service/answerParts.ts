// A big `analyze` answer crosses the thread boundary in parts: a first scan can name thousands of one
// file's findings, and the editor's thread deserializes each message in one turn (tens of ms for one
// such message). The engine sends the answer's `changed` list as several `part` messages of at most
// MAX_PART_ITEMS items each — a file's items may continue in the next part — and the final `result`
// carries the rest. The editor joins them before applying anything, so an answer is applied whole,
// with its version, or not at all.
import type { FileDiagnostics } from './protocol';

/** a few hundred findings: a part deserializes in a few ms */
export const MAX_PART_ITEMS = 100;

/**
 * `changed` cut into lists of at most `max` items (a file without findings counts as one); every file
 * keeps its place, and a file cut in two continues at the start of the next list.
 */
export function splitChanged(changed: readonly FileDiagnostics[], max = MAX_PART_ITEMS): FileDiagnostics[][] {
  const parts: FileDiagnostics[][] = [];
  let part: FileDiagnostics[] = [];
  let room = max;
  const close = () => { parts.push(part); part = []; room = max; };
  for (const d of changed) {
    if (d.items.length === 0) {
      if (room === 0) close();
      part.push(d);
      room--;
      continue;
    }
    for (let at = 0; at < d.items.length;) {
      if (room === 0) close();
      const take = Math.min(room, d.items.length - at);
      part.push(at === 0 && take === d.items.length ? d : { file: d.file, items: d.items.slice(at, at + take) });
      at += take;
      room -= take;
    }
  }
  parts.push(part);
  return parts;
}

/** The `changed` list the parts were cut from (splitChanged's inverse). */
export function joinChanged(parts: readonly (readonly FileDiagnostics[])[]): FileDiagnostics[] {
  const out: FileDiagnostics[] = [];
  // a file's items gathered in one array while it continues across parts (no list rebuilt per part)
  let open: { file: string; items: (FileDiagnostics['items'][number])[] } | undefined;
  for (const part of parts) {
    part.forEach((d, i) => {
      // only a part's first entry can continue the previous part's last file (files are distinct)
      if (i === 0 && open && open.file === d.file && d.items.length) { for (const x of d.items) open.items.push(x); return; }
      open = { file: d.file, items: [...d.items] };
      out.push(open);
    });
  }
  return out;
}
