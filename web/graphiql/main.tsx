import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';

import { createRoot } from 'react-dom/client';

import { Explorer } from './explorer';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(<Explorer />);
}
