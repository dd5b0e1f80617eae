// What `apply` reads: every path as one deployment unit (`kubectl apply -f a -f b` applies them together),
// judged with the target cluster and rule settings of the nearest .statefulset-storage.yaml — the same
// findings `check` prints for those files, so a rule turned off or an error suppressed inline in the
// config does not stop apply while check passes. The config's `context` and `namespace` choose where it
// applies when no flag does.
import type { ProjectAnalysis, UnitAnalysis } from '../core/project/project';
import type { ClusterProfile } from '../core/profile';
import { ParsedArgs } from './args';
import { collectFiles, InputError, readText } from './files';
import { projectFor } from './loadProject';
import { isConfigFile } from '../core/project/units';
import { noYamlMessage, pathsOf } from './loadWorkspace';

export interface ApplyUnit {
  /** the files' target cluster: flags ◄ nearest config ◄ defaults */
  readonly profile: ClusterProfile;
  /** analyses the files with objects that name no namespace in `namespace` (the kube target's) */
  analyze(namespace: string): Promise<{ project: ProjectAnalysis; unit: UnitAnalysis }>;
}

export async function loadApplyUnit(args: ParsedArgs): Promise<ApplyUnit> {
  const { yaml } = await collectFiles(pathsOf(args));
  const manifest = yaml.find((f) => !isConfigFile(f));
  if (!manifest) throw new InputError(noYamlMessage(args));
  const files = new Map<string, string>();
  for (const file of yaml) files.set(file, await readText(file));
  const project = await projectFor(args, files, { oneUnit: true });
  for (const [file, text] of files) project.setFile(file, text);
  const profile = project.unitFor(manifest)!.profile;
  return {
    profile,
    async analyze(namespace) {
      // the target's namespace is known only now: the same parsed documents, re-read with it
      const analysis = (namespace ? project.withDefaultNamespace(namespace) : project).analyze();
      return { project: analysis, unit: analysis.units[0] };
    },
  };
}
