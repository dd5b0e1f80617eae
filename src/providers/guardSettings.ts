// Settings that guard a cluster or this machine. A repository must not be able to lower them: they are
// declared with application scope (VS Code then ignores workspace values) and restricted in untrusted
// workspaces, and they are read here from the user's settings (or the default) only, so that a value in
// a repository's .vscode/settings.json is ignored even where the scope would not be enforced.
// No `vscode` here: the unit tests check it and package.json against each other.

/** keys under `statefulsetStorage.` */
export const GUARD_SETTINGS = ['protectedContexts', 'runBackingVolumeCommands', 'kubectlPath'] as const;
export type GuardSetting = typeof GUARD_SETTINGS[number];

/** The parts of WorkspaceConfiguration.inspect() read here. */
export interface InspectedValue<T> {
  readonly defaultValue?: T;
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

/** The user's value, else the declared default, else `fallback`; workspace and folder values never count. */
export function guardValue<T>(inspected: InspectedValue<T> | undefined, fallback: T): T {
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}
