// A model object back as the JSON kubectl would send: the document's own content, with the namespace
// the object gets (kubectl fills the context's namespace into objects that name none).
import type { K8sObject } from './model';
import type { KObject } from './simulation/types';

export function toManifestJson(o: K8sObject): KObject {
  const js = (o.src.yaml.toJS({ maxAliasCount: 100 }) ?? {}) as KObject;
  js.metadata = typeof js.metadata === 'object' && js.metadata !== null ? js.metadata : {};
  if (o.namespace) js.metadata.namespace = o.namespace;
  return js;
}
