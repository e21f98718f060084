import { ShellContext, useControllerUpdates, type Shell } from './context.js';
import { Panel } from './components/Panel.js';

export function Root({ shell, open }: { shell: Shell; open: boolean }) {
  useControllerUpdates(shell.c);
  return (
    <ShellContext.Provider value={shell}>
      <Panel open={open} />
    </ShellContext.Provider>
  );
}
