// The volume source of `generate`, from its flags, else from `generate:` of the nearest
// .statefulset-storage.yaml (the same names, camelCase). The source kind has no default: an NFS PV on a
// cluster that mounts Ceph would be wrong silently, so the user names the kind, once. A --source other
// than the config's ignores the config's parameters: they belong to its kind.
import { VOLUME_SOURCE_KINDS, VolumeSource, VolumeSourceKind } from '../core/generate';
import { flagString, ParsedArgs, UsageError } from './args';
import { CONFIG_FILE_NAME } from '../core/project/config';
import { GENERATE_KEYS, GenerateConfig } from '../core/project/generateConfig';
import { volumeSourceOf } from '../core/project/generateParameters';

/** the flags that set the source: those `generate:` keys stand for, so a flag and its config key cannot drift apart */
export const SOURCE_FLAGS: readonly string[] = Object.values(GENERATE_KEYS);

const configKey = (flag: string) => Object.keys(GENERATE_KEYS).find((k) => GENERATE_KEYS[k] === flag) ?? flag;

function sourceKind(args: ParsedArgs, defaults: GenerateConfig): VolumeSourceKind {
  const v = flagString(args, 'source') ?? defaults.source;
  if (v === undefined) throw new UsageError(`--source is required: one of ${VOLUME_SOURCE_KINDS.join(', ')} (the kind of storage the new PersistentVolumes point at), or generate.source in ${CONFIG_FILE_NAME}`);
  if (!(VOLUME_SOURCE_KINDS as readonly string[]).includes(v)) throw new UsageError(`--source must be one of ${VOLUME_SOURCE_KINDS.join(', ')} (got "${v}")`);
  return v as VolumeSourceKind;
}

/** `defaults`: the config's `generate:` section (flag name → value). */
export function sourceFromArgs(args: ParsedArgs, defaults: GenerateConfig = {}): VolumeSource {
  const kind = sourceKind(args, defaults);
  const fromConfig = defaults.source === kind ? defaults : {};
  return volumeSourceOf(kind, (p) => flagString(args, p.flag) ?? fromConfig[p.flag], (p) => {
    throw new UsageError(`--${p.flag} is required for --source ${kind}${p.required?.why ? ` (${p.required.why})` : ''} (or generate.${configKey(p.flag)} in ${CONFIG_FILE_NAME})`);
  });
}
