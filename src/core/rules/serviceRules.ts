// The headless Service a StatefulSet names in spec.serviceName: it gives each pod its DNS name.
import { mapSelects } from '../labels';
import { WorkspaceRule } from './rule';

export const serviceNotFound: WorkspaceRule = {
  code: 'service-not-found', severity: 'warning', scope: 'workspace',
  summary: 'serviceName names no Service in the same namespace among the analysed files.',
  check({ index }, report) {
    for (const set of index.statefulSets()) {
      if (!set.serviceName || !set.serviceNameSpan || index.service(set.namespace, set.serviceName)) continue;
      const elsewhere = index.services().filter((s) => s.name === set.serviceName);
      report(set.serviceNameSpan,
        `No Service "${set.serviceName}" in namespace "${set.namespace}" among the analysed files`
        + (elsewhere.length ? ` (one exists in namespace "${elsewhere[0].namespace}")` : '')
        + `: unless it already exists on the cluster, the pods get no DNS names (${set.name}-N.${set.serviceName}.${set.namespace}.svc). Create a headless Service (clusterIP: None) before the StatefulSet.`,
        elsewhere.map((s) => ({ at: s.nameSpan, message: `Service ${s.namespace}/${s.name}` })),
        { service: set.serviceName, namespace: set.namespace });
    }
  },
};

export const serviceNotHeadless: WorkspaceRule = {
  code: 'service-not-headless', severity: 'warning', scope: 'workspace',
  summary: 'The governing Service is not headless (clusterIP: None).',
  check({ index }, report) {
    for (const set of index.statefulSets()) {
      const svc = set.serviceName ? index.service(set.namespace, set.serviceName) : undefined;
      if (!svc || svc.clusterIP === 'None') continue;
      report(svc.clusterIPSpan ?? svc.nameSpan,
        `Service "${svc.name}" governs StatefulSet "${set.name}" but is not headless (clusterIP: ${svc.clusterIP ?? 'allocated'}): `
        + `DNS gives one virtual IP instead of per-pod records such as ${set.name}-${set.ordinalsStart}.${svc.name}. Set clusterIP: None (it cannot be changed later: recreate the Service).`,
        [{ at: set.serviceNameSpan ?? set.nameSpan, message: `serviceName of StatefulSet ${set.name}` }]);
    }
  },
};

export const serviceSelectorMismatch: WorkspaceRule = {
  code: 'service-selector-mismatch', severity: 'warning', scope: 'workspace',
  summary: 'The governing Service\'s selector does not select the pod template.',
  check({ index }, report) {
    for (const set of index.statefulSets()) {
      const svc = set.serviceName ? index.service(set.namespace, set.serviceName) : undefined;
      if (!svc) continue;
      if (svc.selector && Object.keys(svc.selector).length > 0 && mapSelects(svc.selector, set.templateLabels)) continue;
      const sel = svc.selector ? Object.entries(svc.selector).map(([k, v]) => `${k}=${v}`).join(',') : 'none';
      report(svc.selectorSpan ?? svc.nameSpan,
        `Service "${svc.name}" selects ${sel === '' ? 'nothing' : `${sel}`}, which does not select the pods of StatefulSet "${set.name}": `
        + 'they get no DNS records and no endpoints. Use the pod template\'s labels as the selector.',
        [{ at: set.templateLabelsSpan ?? set.nameSpan, message: `pod template labels of ${set.name}` }]);
    }
  },
};
