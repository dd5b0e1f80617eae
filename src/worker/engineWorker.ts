// dist/engineWorker.js: the engine's worker thread. It owns the Project (core/service/engineService.ts)
// and answers the editor's thread; everything it receives and sends is plain data. An uncaught error
// ends the thread, and the editor restarts it with the current texts (providers/analysisHost.ts).
// Answers go on their own port, which the editor's thread reads one message at a time (a port's
// listener would get every queued message in one turn: all parts of a big answer at once); the
// parent port only says how many were posted (providers/engine/workerConnection.ts).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { EngineService } from '../core/service/engineService';
import type { ToEngine } from '../core/service/protocol';

const port = parentPort;
if (!port) throw new Error('engineWorker.js runs as a worker thread');
const answers = (workerData as { answers?: MessagePort } | undefined)?.answers;
if (!answers) throw new Error('engineWorker.js needs the port its answers go on (workerData.answers)');
const service = new EngineService();
port.on('message', (message: ToEngine) => {
  const out = service.receive(message);
  if (out.length === 0) return;
  for (const answer of out) answers.postMessage(answer);
  port.postMessage(out.length);
});
