import type { EgressEvent } from '../../model/events/egress.js';
import type { Wording } from './wording.js';

export const EGRESS_WORDING: Wording<EgressEvent> = {
  'egress.transferred': {
    entity: (e) => e.task,
    text: (e) => {
      const to = e.endpoint ?? 'a registry outside AWS';
      const path = e.via === 'endpoint' ? `the ${e.gateway ? 'gateway' : 'interface'} endpoint for ${e.endpoint}` : `the NAT gateway in ${e.natAz}${e.crossAz ? ` (cross-AZ from ${e.az})` : ''}`;
      return `${e.purpose} from ${to}: ${e.bytes} bytes through ${path}`;
    },
  },
};
