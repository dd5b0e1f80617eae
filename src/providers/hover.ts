// Hovers on a StatefulSet's name, serviceName and claim template names (computed by the engine,
// core/service/hover.ts): DNS names of the pods, claim names and the binding table.
import * as vscode from 'vscode';
import { UNIT_LABEL } from '../core/service/protocol';
import { AnalysisHost } from './analysisHost';
import { toRange } from './convert';
import { unitLabel } from './unitLabel';

export class StorageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly host: AnalysisHost) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const request = { type: 'hover' as const, file: AnalysisHost.keyOf(document.uri), position: { line: position.line, character: position.character } };
    const hover = await this.host.request(request, token).catch(() => undefined);
    if (!hover) return undefined;
    const markdown = hover.unitLabel === undefined ? hover.markdown : hover.markdown.split(UNIT_LABEL).join(unitLabel(hover.unitLabel));
    return new vscode.Hover(new vscode.MarkdownString(markdown), toRange(hover.range));
  }
}
