import { benchViewer } from './b-viewer';
const r = await benchViewer(3);
console.log(JSON.stringify(r, (_k, v) => (v instanceof Set ? [...v] : v), 1));
