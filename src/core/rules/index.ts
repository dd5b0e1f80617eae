// The rule table. Codes are stable API: docs/rules.md has a section per code, quick fixes key on them.
import { OBJECT_RULES } from './objectRules';
import { deprecatedApiVersion, deprecatedVolumePlugin, removedApiVersion, removedVolumePlugin } from './removalRules';
import { DocumentRule, Rule, WorkspaceRule } from './rule';
import { yamlImplicitType } from './yamlTypeRules';
import { serviceNotFound, serviceNotHeadless, serviceSelectorMismatch } from './serviceRules';
import { duplicateObject } from './duplicateObject';
import { pvContended } from './pvContended';
import { pvSharedDisk } from './diskRules';
import { immutableFieldChange } from './immutableFieldChange';
import {
  prebindMismatch, pvcMissing, pvcOutOfRange, pvcTemplateMismatch, pvcUnbindable, retentionDeletesClaims, storageClassUnset,
} from './storageRules';

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  duplicateObject, serviceNotFound, serviceNotHeadless, serviceSelectorMismatch, storageClassUnset, pvcMissing, pvcOutOfRange,
  pvcTemplateMismatch, pvcUnbindable, pvContended, prebindMismatch, retentionDeletesClaims, pvSharedDisk, immutableFieldChange,
];

/** Rules over every manifest of any kind (see manifest.ts), cached with its parsed document. */
export const DOCUMENT_RULES: readonly DocumentRule[] = [
  removedApiVersion, deprecatedApiVersion, removedVolumePlugin, deprecatedVolumePlugin, yamlImplicitType,
];

/** Codes not produced by a rule of the table. */
export const DOCUMENT_CODES = [
  { code: 'yaml-syntax', severity: 'error', summary: 'A document does not parse.' },
  { code: 'file-skipped', severity: 'warning', summary: 'A file was not analysed (too large, or not text).' },
  { code: 'kustomize-not-rendered', severity: 'info', summary: 'A kustomization was analysed without rendering it.' },
  { code: 'kustomize-render-failed', severity: 'warning', summary: 'kubectl kustomize could not render a kustomization.' },
  { code: 'config-invalid', severity: 'error', summary: 'A setting of .statefulset-storage.yaml is not valid; it is ignored.' },
  { code: 'yaml-portability', severity: 'warning', summary: 'kubectl accepts a document that strict YAML tools reject (lenient syntax, duplicate keys).' },
  { code: 'internal-error', severity: 'error', summary: 'The analyser failed on a document (a bug): the rest was analysed.' },
  { code: 'template-skipped', severity: 'info', summary: 'A document holds template syntax ({{ … }}) and was not analysed.' },
  { code: 'limit-exceeded', severity: 'warning', summary: 'A document or file is beyond a limit of the analyser (nesting, line length, aliases, documents, findings).' },
] as const;

export const ALL_RULES: readonly Rule[] = [...DOCUMENT_RULES, ...OBJECT_RULES, ...WORKSPACE_RULES];

export const ALL_CODES: readonly string[] = [...DOCUMENT_CODES.map((d) => d.code), ...ALL_RULES.map((r) => r.code)];
