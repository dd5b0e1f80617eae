import * as vscode from 'vscode';

// Placeholder activation; replaced by the real extension context.
export function activate(_context: vscode.ExtensionContext): void {}
export function deactivate(): void {}
