import type { NetworkEvent } from '../../model/events/network.js';
import type { Wording } from './wording.js';

const secondaryIps = (prefixMode: boolean): string => (prefixMode ? 'prefixes' : 'secondary IPs');
const ips = (prefixMode: boolean): string => (prefixMode ? 'prefixes' : 'IPs');

export const NETWORK_WORDING: Wording<NetworkEvent> = {
  'eni.attach-failed': { entity: (e) => e.host, text: (e) => `CreateNetworkInterface in ${e.subnet}: ${e.error}` },
  'eni.attach-started': { entity: (e) => e.host, text: (e) => `${e.eni} in ${e.subnet} with ${e.slots} ${secondaryIps(e.prefixMode)}` },
  'eni.assign-failed': { entity: (e) => e.host, text: (e) => `AssignPrivateIpAddresses on ${e.eni} (${e.subnet}): ${e.error}` },
  'eni.assign-started': { entity: (e) => e.host, text: (e) => `${e.slots} ${ips(e.prefixMode)} on ${e.eni}` },
  'eni.ready': { entity: (e) => e.host, text: (e) => `${e.eni}: pool ${e.freeAddresses} free of ${e.totalAddresses}` },
  'eni.detached': { entity: (e) => e.host, text: (e) => `${e.eni} returned to ${e.subnet}` },
  'eni.released': { entity: (e) => e.host, text: (e) => `${e.slots} ${ips(e.prefixMode)} of ${e.eni} returned to ${e.subnet}` },
};
