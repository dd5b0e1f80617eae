// What the editor loads as dist/engine.js, on first use (see providers/loadEngine.ts): the parts of
// the engine that read YAML. Pure helpers without the parser (names, glob, planText, position) are
// small and stay in the extension bundle.
export { Workspace } from './analysis';
export { Project } from './project/project';
export { unitMergeFix } from './project/crossUnit';
export { filterFindings } from './project/findingFilters';
export { DEFAULT_LIMITS } from './source';
export { fixesFor } from './fixes';
export { generateVolumes, VOLUME_SOURCE_KINDS } from './generate';
export { mapField, stringField, stringMap } from './yamlRead';
export { buildPlan, buildUnitPlans, planForSet } from './plan';
export { manualLines } from './planText';
export { commandLine } from './shellQuote';
export { simulate } from './simulation';
export { stringify as toYaml } from 'yaml';
export { outcomesOf } from './outcomes';
export { analyzeRendered } from './kustomize/rendered';
export { withRenderedFindings } from './kustomize/overlay';
export { kustomizeRenderUnits } from './kustomize/renderUnits';
export { EngineService } from './service/engineService';
