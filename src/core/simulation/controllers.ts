// Runs the controllers against a store the way kube-controller-manager does: each reacts to changes
// after its own delay (so binding is visibly asynchronous) and makes one idempotent pass. A pass that
// loses an optimistic-concurrency race (409) simply runs again.
import { SimApi } from './api';
import { PvBinder } from './binder';
import { Clock } from './clock';
import { ApiError } from './errors';
import { EventRecorder } from './events';
import { Kubelet } from './kubelet';
import { ProvisionerStandIn } from './provisioner';
import { StatefulSetController } from './statefulSetController';
import { KObject } from './types';

export interface ControllerOptions {
  /** delay between a change and the binder's pass */
  readonly binderDelayMs: number;
  readonly statefulSetDelayMs: number;
  /** from scheduling (all claims Bound) to Running+Ready */
  readonly podReadyDelayMs: number;
  readonly neverReady?: (pod: KObject) => boolean;
  /** run a stand-in for the classes' external provisioners (a real cluster runs one per class it offers) */
  readonly provisioner?: boolean;
}

export const DEFAULT_CONTROLLER_OPTIONS: ControllerOptions = { binderDelayMs: 100, statefulSetDelayMs: 50, podReadyDelayMs: 1000 };

/** A debounced pass: many changes before it runs cause one run. */
class Loop {
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly clock: Clock, private readonly delayMs: number, private readonly pass: () => void) {}

  trigger(): void {
    if (this.cancel || this.stopped) return;
    this.cancel = this.clock.schedule(this.delayMs, () => {
      this.cancel = undefined;
      try {
        this.pass();
      } catch (e) {
        if (e instanceof ApiError && (e.code === 409 || e.code === 404)) { this.trigger(); return; } // raced another writer
        throw e;
      }
    });
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
  }
}

export class ControllerManager {
  readonly binderEvents: EventRecorder;
  readonly setEvents: EventRecorder;
  private readonly loops: Loop[];
  private readonly kubelet: Kubelet;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly api: SimApi, clock: Clock, options: ControllerOptions = DEFAULT_CONTROLLER_OPTIONS) {
    this.binderEvents = new EventRecorder(api, 'persistentvolume-controller');
    this.setEvents = new EventRecorder(api, 'statefulset-controller');
    const binder = new PvBinder(api, this.binderEvents);
    const sets = new StatefulSetController(api, this.setEvents);
    this.kubelet = new Kubelet(api, clock, { readyDelayMs: options.podReadyDelayMs, neverReady: options.neverReady });
    this.loops = [
      new Loop(clock, options.binderDelayMs, () => binder.sync()),
      new Loop(clock, options.statefulSetDelayMs, () => sets.sync()),
      new Loop(clock, Math.min(options.binderDelayMs, options.statefulSetDelayMs), () => this.kubelet.sync()),
    ];
    if (options.provisioner) {
      const provisioner = new ProvisionerStandIn(api, this.binderEvents);
      this.loops.push(new Loop(clock, options.binderDelayMs, () => provisioner.sync()));
    }
  }

  start(): void {
    // Events are the controllers' own output; reacting to them would only spin.
    this.unsubscribe = this.api.store.subscribe((e) => { if (e.resource.plural !== 'events') this.triggerAll(); });
    this.triggerAll();
  }

  triggerAll(): void {
    for (const l of this.loops) l.trigger();
  }

  stop(): void {
    this.unsubscribe?.();
    for (const l of this.loops) l.stop();
    this.kubelet.stop();
  }
}
