import { describe, expect, it } from 'vitest';
import { parseByteQuantity, parseDuration, parseEcsCpu, parseEcsMemory, parseKubernetesCpu } from '../../src/scenario/units.js';

const value = (p: { ok: boolean; value?: number }): number | undefined => (p.ok ? p.value : undefined);

describe('units', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1.5s', 1500],
    [30, 30_000],
  ] as const)('duration %s = %d ms', (input, ms) => expect(value(parseDuration(input))).toBe(ms));

  it.each(['5 minutes', '', 'm5', '5x', -1, true])('rejects duration %s', (input) => expect(parseDuration(input).ok).toBe(false));

  it('Kubernetes CPU: cores and millicores, to shares', () => {
    expect(value(parseKubernetesCpu('250m'))).toBe(256_000);
    expect(value(parseKubernetesCpu('0.5'))).toBe(512_000);
    expect(value(parseKubernetesCpu(2))).toBe(2_048_000);
    expect(parseKubernetesCpu('0').ok).toBe(false);
    expect(parseKubernetesCpu('1 core').ok).toBe(false);
  });

  it('ECS CPU: units or vCPU strings (RegisterTaskDefinition forms)', () => {
    expect(value(parseEcsCpu(256))).toBe(256_000);
    expect(value(parseEcsCpu('1024'))).toBe(1_024_000);
    expect(value(parseEcsCpu('0.25 vCPU'))).toBe(256_000);
    expect(value(parseEcsCpu('2 vcpu'))).toBe(2_048_000);
    expect(value(parseEcsCpu('250m'))).toBeUndefined();
    expect(parseEcsCpu(0.5).ok).toBe(false);
  });

  it('ECS memory: MiB or GB strings (1 GB = 1024 MiB, as ECS means it)', () => {
    expect(value(parseEcsMemory(512))).toBe(512);
    expect(value(parseEcsMemory('2 GB'))).toBe(2048);
    expect(value(parseEcsMemory('0.5GB'))).toBe(512);
    expect(parseEcsMemory('2Gi').ok).toBe(false);
  });

  it('byte quantities: binary and decimal suffixes, rounded up to MiB', () => {
    expect(value(parseByteQuantity('512Mi'))).toBe(512);
    expect(value(parseByteQuantity('2Gi'))).toBe(2048);
    expect(value(parseByteQuantity('1G'))).toBe(954);
    expect(value(parseByteQuantity('200MB'))).toBe(191);
    expect(value(parseByteQuantity('1GB'))).toBe(954);
    expect(value(parseByteQuantity(1048576))).toBe(1);
    expect(parseByteQuantity('12 parsecs').ok).toBe(false);
  });
});
