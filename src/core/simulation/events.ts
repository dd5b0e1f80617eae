// Event recording like client-go's EventRecorder, onto the `events` resource so that
// `kubectl describe` / `kubectl get events` and the provisioner can read the controllers' reasons.
import { SimApi } from './api';
import { resource } from './resources';
import { KObject } from './types';

export class EventRecorder {
  private seq = 0;
  /** what was already said per object: the same sentence is recorded once, not on every pass */
  private readonly said = new Map<string, string>();

  constructor(private readonly api: SimApi, private readonly component: string) {}

  record(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const key = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}/${obj.metadata.uid}`;
    if (this.said.get(key) === `${reason}\u0000${message}`) return;
    this.said.set(key, `${reason}\u0000${message}`);
    const namespace = obj.metadata.namespace || 'default';
    const now = new Date(this.api.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const name = `${obj.metadata.name}.${(this.api.clock.now() * 1000 + ++this.seq).toString(16)}`;
    try {
      this.api.create(resource('events'), namespace, {
        apiVersion: 'v1', kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace,
          uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion,
        },
        reason, message, type, count: 1,
        source: { component: this.component },
        firstTimestamp: now, lastTimestamp: now,
        reportingComponent: this.component,
      });
    } catch {
      // events are best effort, as in client-go (the namespace may be gone)
    }
  }

  /** the last message recorded for an object, for simulation results */
  lastFor(obj: KObject): { reason: string; message: string } | undefined {
    const said = this.said.get(`${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}/${obj.metadata.uid}`);
    if (!said) return undefined;
    const [reason, message] = said.split('\u0000');
    return { reason, message };
  }
}
