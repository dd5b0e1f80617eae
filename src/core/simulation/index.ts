// The simulated cluster: store, API pipeline and controllers, shared by `simulate` and the test API server.
export { SimApi } from './api';
export type { WriteOptions } from './api';
export { RealClock, VirtualClock } from './clock';
export type { Clock } from './clock';
export { ControllerManager, DEFAULT_CONTROLLER_OPTIONS } from './controllers';
export type { ControllerOptions } from './controllers';
export { ApiError, errors } from './errors';
export type { Status } from './errors';
export { RESOURCES, apiVersionOf, resource, resourceByKind, resourceByPlural } from './resources';
export type { ResourceType } from './resources';
export { parseSelection, selects } from './selectors';
export type { Selection } from './selectors';
export { ObjectStore } from './store';
export type { StoreEvent, WatchEventType } from './store';
export { simulate } from './simulate';
export type { SimulatedClaim, SimulatedPod, SimulationOptions, SimulationResult } from './simulate';
export type { KObject, Json } from './types';
