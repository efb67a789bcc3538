// Renderer entry. The screens arrive with the desktop-app issue; until then this mounts the shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function App(): React.JSX.Element {
  return <main><h1>TrustFix</h1></main>;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
