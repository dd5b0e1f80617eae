// The rule table. Codes are stable API: docs/rules.md has a section per code, quick fixes key on them.
import { OBJECT_RULES } from './objectRules';
import { Rule, WorkspaceRule } from './rule';
import { serviceNotFound, serviceNotHeadless, serviceSelectorMismatch } from './serviceRules';
import { duplicateObject } from './duplicateObject';
import { pvContended } from './pvContended';
import {
  prebindMismatch, pvcMissing, pvcOutOfRange, pvcTemplateMismatch, pvcUnbindable, retentionDeletesClaims, storageClassUnset,
} from './storageRules';

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  duplicateObject, serviceNotFound, serviceNotHeadless, serviceSelectorMismatch, storageClassUnset, pvcMissing, pvcOutOfRange,
  pvcTemplateMismatch, pvcUnbindable, pvContended, prebindMismatch, retentionDeletesClaims,
];

/** Codes not produced by a rule of the table. */
export const DOCUMENT_CODES = [
  { code: 'yaml-syntax', severity: 'error', summary: 'A document does not parse.' },
  { code: 'file-skipped', severity: 'warning', summary: 'A file was not analysed (too large, or not text).' },
  { code: 'kustomize-not-rendered', severity: 'info', summary: 'A kustomization was analysed without rendering it.' },
  { code: 'kustomize-render-failed', severity: 'warning', summary: 'kubectl kustomize could not render a kustomization.' },
  { code: 'config-invalid', severity: 'error', summary: 'A setting of .statefulset-storage.yaml is not valid; it is ignored.' },
] as const;

export const ALL_RULES: readonly Rule[] = [...OBJECT_RULES, ...WORKSPACE_RULES];

export const ALL_CODES: readonly string[] = [...DOCUMENT_CODES.map((d) => d.code), ...ALL_RULES.map((r) => r.code)];
