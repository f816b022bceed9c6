// Worker entry: lets the worker load TypeScript (tsx), then starts the real worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
