// A Disposable base class (as in VS Code's markdown-language-features): everything an object creates
// and must release goes through _register(), and dispose() releases it all, once.
import * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private _disposed = false;
  protected readonly _disposables: vscode.Disposable[] = [];

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    while (this._disposables.length) this._disposables.pop()?.dispose();
  }

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this._disposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this._disposed;
  }
}
