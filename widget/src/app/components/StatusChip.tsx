import type { TicketJson } from '../../api/types.js';
import { useShell } from '../context.js';

export function StatusChip({ status }: { status: TicketJson['status'] }) {
  const { t } = useShell();
  return <span class={`dl-chip dl-s-${status.toLowerCase()}`}>{t(`status_${status}`)}</span>;
}
