// dist/engineWorker.js: the engine's worker thread. It owns the Project (core/service/engineService.ts)
// and answers the editor's thread; everything it receives and sends is plain data. An uncaught error
// ends the thread, and the editor restarts it with the current texts (providers/analysisHost.ts).
import { parentPort } from 'node:worker_threads';
import { EngineService } from '../core/service/engineService';
import type { ToEngine } from '../core/service/protocol';

const port = parentPort;
if (!port) throw new Error('engineWorker.js runs as a worker thread');
const service = new EngineService();
port.on('message', (message: ToEngine) => {
  const answer = service.receive(message);
  if (answer) port.postMessage(answer);
});
