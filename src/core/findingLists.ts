// An analysis's findings as per-file lists, each sorted (compareFindings) and capped (sortedAndCapped).
// An edit changes the findings of a few files: the others get the very list they had (the same array,
// not sorted or capped again), which lets whoever holds per-file results — rule settings and
// suppressions (project/mergeUnits.ts), the delta to the editor (service/diagnosticsDelta.ts) — skip
// them by identity. A file's findings are "the same" when they are the same Finding objects
// (toFinding keeps them across analyses while their documents do not move).
import { compareFiles, Finding, groupByFile, sortedAndCapped } from './findings';

interface FileList {
  /** the findings the list was made from */
  readonly input: ReadonlySet<Finding>;
  readonly list: readonly Finding[];
}

export interface FindingLists {
  /** every finding, sorted by file and position */
  readonly findings: readonly Finding[];
  readonly byFile: ReadonlyMap<string, readonly Finding[]>;
}

export class FindingListCache {
  private files = new Map<string, FileList>();
  /** the files with findings, in compareFindings' order of files */
  private order: readonly string[] = [];

  /** The lists of these findings (in any order): a file's list is last call's when its findings are the same objects. */
  update(findings: Iterable<Finding>, maxPerFile: number): FindingLists {
    const groups = groupByFile(findings);
    const files = new Map<string, FileList>();
    for (const [file, group] of groups) {
      const old = this.files.get(file);
      // the same findings, each once: a finding that comes twice now (or came twice before) makes the sizes differ
      if (old && old.input.size === group.length && group.every((f) => old.input.has(f)) && new Set(group).size === group.length) {
        files.set(file, old);
        continue;
      }
      files.set(file, { input: new Set(group), list: sortedAndCapped(group, maxPerFile) });
    }
    const sameFiles = files.size === this.files.size && this.order.every((f) => files.has(f));
    if (!sameFiles) this.order = [...files.keys()].sort(compareFiles);
    this.files = files;
    const all: Finding[] = [];
    const byFile = new Map<string, readonly Finding[]>();
    for (const file of this.order) {
      const { list } = files.get(file)!;
      byFile.set(file, list);
      for (const f of list) all.push(f);
    }
    return { findings: all, byFile };
  }
}
