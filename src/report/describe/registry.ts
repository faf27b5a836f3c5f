import { formatClock, formatDuration } from '../../engine/time.js';
import type { RegistryEvent } from '../../model/events/registry.js';
import { DOCKER_HUB_RATE_LIMIT_MESSAGE } from './image-pull.js';
import type { Wording } from './wording.js';

export const REGISTRY_WORDING: Wording<RegistryEvent> = {
  'image.pull-rate-limited': {
    entity: (e) => e.task,
    text: (e) => {
      const quota = e.quota === 'address' ? `${e.limit} anonymous pulls per ${formatDuration(e.windowMs)} from the address of the NAT gateway in ${e.natAz}` : `${e.limit} pulls per ${formatDuration(e.windowMs)} of the account ${e.credentials}`;
      return `${e.registry} refused the pull of ${e.image}: 429 ${DOCKER_HUB_RATE_LIMIT_MESSAGE} (the ${quota} are used up; the next is allowed at ${formatClock(e.retryAt)})`;
    },
  },
};
