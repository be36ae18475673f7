/**
 * Shows the gate's progress events: a live view (listr2) in a terminal, one plain line per event
 * otherwise (CI logs, files), so a log reads top to bottom without control characters.
 */
import { writeSync } from 'node:fs';
import type { GateProgressEvent } from '../ops';
import type { ListrTaskWrapper } from 'listr2';

export interface ProgressView {
  onProgress(event: GateProgressEvent): void;
  /** Ends the view (an environment still running is shown as stopped) and waits until it has drawn its last frame. */
  close(): Promise<void>;
}

const reports = () => require('../reports') as typeof import('../reports');

const SHOW_CURSOR = '\u001b[?25h';

export function openProgressView(output: NodeJS.WriteStream): ProgressView {
  return output.isTTY ? liveView() : plainLines(output);
}

function plainLines(output: NodeJS.WriteStream): ProgressView {
  return {
    onProgress(event) {
      const line = reports().describeProgress(event);
      if (line) output.write(`${line}\n`);
    },
    close: async () => undefined,
  };
}

/** One environment's line in the live view; events may arrive before listr2 has started its task. */
interface EnvironmentLine {
  status: string;
  journeys: number;
  task?: ListrTaskWrapper<unknown, never, never>;
  done?: { title: string; passed: boolean };
  /** Ends the task once both the task has started and the environment is done. */
  settle?: () => void;
}

function liveView(): ProgressView {
  // listr2 is an ES module; Node 20.19+ loads it with require() (tsx's CommonJS hook passes it through).
  const { Listr } = require('listr2') as typeof import('listr2');
  const lines = new Map<string, EnvironmentLine>();
  let running: Promise<unknown> = Promise.resolve();

  const setStatus = (name: string, status: (line: EnvironmentLine) => string) => {
    const line = lines.get(name);
    if (!line || line.done) return;
    line.status = status(line);
    if (line.task) line.task.output = line.status;
  };
  const finish = (name: string, title: string, passed: boolean) => {
    const line = lines.get(name);
    if (!line || line.done) return;
    line.done = { title, passed };
    line.settle?.();
  };
  const start = (names: string[]) => {
    const tasks = names.map((name) => {
      const line: EnvironmentLine = { status: 'waiting', journeys: 0 };
      lines.set(name, line);
      return {
        title: name,
        task: (_context: unknown, task: ListrTaskWrapper<unknown, never, never>) =>
          new Promise<void>((resolve, reject) => {
            line.task = task;
            task.output = line.status;
            line.settle = () => {
              task.title = line.done!.title;
              if (line.done!.passed) resolve();
              else reject(new Error(line.done!.title));
            };
            if (line.done) line.settle();
          }),
      };
    });
    // Environments are shown side by side; a failed one must not stop the others' lines. listr2's own
    // SIGINT handler would wait for every task, i.e. for the whole gate: Ctrl-C is left to Node, after
    // the cursor listr2 hid is shown again (onInterrupt).
    running = new Listr(tasks, { concurrent: true, exitOnError: false, registerSignalListeners: false }).run().catch(() => undefined);
    process.once('SIGINT', onInterrupt);
  };
  const onInterrupt = () => {
    writeSync(process.stdout.fd, SHOW_CURSOR); // not process.stdout.write: listr2 buffers that while it draws
    process.kill(process.pid, 'SIGINT'); // this listener is gone: Node's default ends the process
  };

  return {
    onProgress(event) {
      const journeysDone = (line: EnvironmentLine) => (line.journeys > 0 ? `${line.journeys} journeys done; ` : '');
      switch (event.type) {
        case 'gate-started':
          return start(event.environments);
        case 'environment-started':
          return setStatus(event.environment, () => 'starting');
        case 'plan-started':
          return setStatus(event.environment, () => 'terraform plan');
        case 'plan-done':
          return setStatus(event.environment, () => `plan: ${reports().planCounts(event.plan)}`);
        case 'journey-started':
          return setStatus(event.environment, (line) => `${journeysDone(line)}now: ${event.title} (${event.side} settings)`);
        case 'journey-done':
          return setStatus(event.environment, (line) => {
            line.journeys += 1;
            return line.status;
          });
        case 'environment-judged':
          return finish(event.environment, `${event.environment}: ${reports().judgement(event.report)}`, event.report.verdict === 'pass');
      }
    },
    async close() {
      for (const name of lines.keys()) finish(name, `${name}: stopped`, false);
      await running;
      process.removeListener('SIGINT', onInterrupt);
    },
  };
}
