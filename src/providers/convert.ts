// Engine values → VS Code values. The engine's positions are 0-based like VS Code's.
import * as vscode from 'vscode';
import { Finding, RelatedLocation, Severity } from '../core/findings';
import { Range } from '../core/position';

export const DIAGNOSTIC_SOURCE = 'statefulset-storage';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** the last file keys parsed: findings and their related locations name few files, many times */
const uris = new Map<string, vscode.Uri>();
const MAX_URIS = 1000;

export function toUri(fileKey: string): vscode.Uri {
  let uri = uris.get(fileKey);
  if (!uri) {
    if (uris.size >= MAX_URIS) uris.clear();
    uris.set(fileKey, (uri = vscode.Uri.parse(fileKey, true)));
  }
  return uri;
}

const targets = new Map<string, vscode.Uri>();

/** docs/rules.md#CODE: one Uri per code */
function docsTarget(docsUri: vscode.Uri, code: string): vscode.Uri {
  const key = `${docsUri.toString()}#${code}`;
  let uri = targets.get(key);
  if (!uri) targets.set(key, (uri = docsUri.with({ fragment: code })));
  return uri;
}

/**
 * Converted related locations, per list: a finding whose message alone changed arrives with the
 * previous finding's list (diagnosticsDelta.ts), and its ten locations are not converted again.
 */
const relatedInformation = new WeakMap<readonly RelatedLocation[], vscode.DiagnosticRelatedInformation[]>();

function toRelatedInformation(related: readonly RelatedLocation[]): vscode.DiagnosticRelatedInformation[] {
  if (related.length === 0) return [];
  let out = relatedInformation.get(related);
  if (!out) {
    out = related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(toUri(r.file), toRange(r.range)), r.message));
    relatedInformation.set(related, out);
  }
  return out;
}

export function toDiagnostic(f: Finding, docsUri: vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(f.severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.code, target: docsTarget(docsUri, f.code) };
  d.relatedInformation = toRelatedInformation(f.related);
  return d;
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}
