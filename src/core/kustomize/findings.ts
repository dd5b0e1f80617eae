// The findings about a kustomization as a whole: it was not rendered, or kubectl failed to render it.
import type { RawFinding } from '../findings';
import type { Kustomization } from './kustomization';

export function notRenderedFinding(k: Kustomization, reason: string): RawFinding {
  const unapplied = k.unapplied.length ? ` Not applied: ${k.unapplied.join(', ')}.` : '';
  return {
    code: 'kustomize-not-rendered',
    severity: 'info',
    at: k.headSpan,
    related: [],
    message: `This kustomization was not rendered (${reason}): its resources were analysed as plain files with its namespace, labels and name prefix/suffix applied, and its patches skipped.${unapplied} What kubectl apply -k creates can differ.`,
  };
}

export function renderFailedFinding(k: Kustomization, error: string): RawFinding {
  return {
    code: 'kustomize-render-failed',
    severity: 'warning',
    at: k.headSpan,
    related: [],
    message: `kubectl kustomize could not render this kustomization here: ${error}. Its resources were analysed as plain files instead (namespace, labels and name prefix/suffix applied, patches skipped).`,
  };
}
