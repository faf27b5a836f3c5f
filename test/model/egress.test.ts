import { describe, expect, it } from 'vitest';
import { ALL_NAT_GATEWAYS, ecrRegion, isEcrRegistry, natGatewayAzs, natGatewayCount, routeFor, type AwsServiceEndpoint, type EgressFaults, type EgressSpec } from '../../src/model/network/egress.js';
import { ecsSecretStore, parseEcsValueFrom, secretFaultFor, secretId, type SecretRef } from '../../src/model/secrets.js';

/** The VPC path to AWS services (src/model/network/egress.ts) and secret references (src/model/secrets.ts). */

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const spec = (natGateways: EgressSpec['natGateways'], endpoints: AwsServiceEndpoint[] = [], natGatewayAz: string | null = null): EgressSpec => ({ natGateways, natGatewayAz, endpoints, azs: AZS });
const healthy: EgressFaults = { endpointsDown: new Map(), natDown: new Map() };
const faults = (endpointsDown: [AwsServiceEndpoint, number][], natDown: [string, number][]): EgressFaults => ({ endpointsDown: new Map(endpointsDown), natDown: new Map(natDown) });

describe('routeFor: endpoint if present, else NAT, else no path', () => {
  it.each([
    ['endpoint present', spec('per-az', ['secretsmanager']), healthy, 'secretsmanager', { via: 'endpoint', endpoint: 'secretsmanager', gateway: false }],
    ['S3 through its gateway endpoint', spec('none', ['s3']), healthy, 's3', { via: 'endpoint', endpoint: 's3', gateway: true }],
    ['no endpoint: the AZ’s own NAT gateway', spec('per-az', ['ecr.api']), healthy, 'secretsmanager', { via: 'nat', natAz: 'us-east-1b', crossAz: false }],
    ['shared NAT gateway in another AZ: cross-AZ', spec('single', [], 'us-east-1a'), healthy, 'ssm', { via: 'nat', natAz: 'us-east-1a', crossAz: true }],
    ['neither endpoint nor NAT: the seed’s failure', spec('none', ['ecr.api', 'ecr.dkr']), healthy, 's3', { via: 'none', reason: 'no-endpoint-or-nat' }],
    ['a registry outside AWS needs a NAT gateway', spec('none', ['ecr.api', 'ecr.dkr', 's3']), healthy, null, { via: 'none', reason: 'no-endpoint-or-nat' }],
    ['deleted endpoint falls back to the NAT gateway', spec('per-az', ['secretsmanager']), faults([['secretsmanager', 1]], []), 'secretsmanager', { via: 'nat', natAz: 'us-east-1b', crossAz: false }],
    ['deleted endpoint without NAT: no path', spec('none', ['secretsmanager']), faults([['secretsmanager', 2]], []), 'secretsmanager', { via: 'none', reason: 'no-endpoint-or-nat' }],
    ['the AZ’s NAT gateway down', spec('per-az'), faults([], [['us-east-1b', 1]]), 'ecr.dkr', { via: 'none', reason: 'nat-down' }],
    ['another AZ’s NAT gateway down does not matter', spec('per-az'), faults([], [['us-east-1a', 1]]), 'ecr.dkr', { via: 'nat', natAz: 'us-east-1b', crossAz: false }],
    ['every NAT gateway down', spec('per-az'), faults([], [[ALL_NAT_GATEWAYS, 1]]), 'ecr.dkr', { via: 'none', reason: 'nat-down' }],
    ['an endpoint keeps working while the NAT gateway is down', spec('per-az', ['ecr.dkr']), faults([], [['us-east-1b', 1]]), 'ecr.dkr', { via: 'endpoint', endpoint: 'ecr.dkr', gateway: false }],
  ] as const)('%s', (_name, s, f, endpoint, want) => {
    expect(routeFor(s, f, 'us-east-1b', endpoint)).toEqual(want);
  });
});

describe('NAT gateways a spec has (what is billed every hour)', () => {
  it('one per AZ with subnets, one shared, or none', () => {
    expect(natGatewayCount(spec('per-az'))).toBe(3);
    expect(natGatewayCount(spec('single', [], 'us-east-1c'))).toBe(1);
    expect(natGatewayAzs(spec('single', [], 'us-east-1c'))).toEqual(['us-east-1c']);
    expect(natGatewayCount(spec('none', ['ecr.api']))).toBe(0);
  });
});

describe('ECR registry hosts', () => {
  it('recognises <account>.dkr.ecr.<region>.amazonaws.com and nothing else', () => {
    expect(isEcrRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com')).toBe(true);
    expect(isEcrRegistry('123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com')).toBe(true);
    expect(isEcrRegistry('public.ecr.aws')).toBe(false);
    expect(isEcrRegistry('registry-1.docker.io')).toBe(false);
    expect(isEcrRegistry('ghcr.io')).toBe(false);
    expect(ecrRegion('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe('eu-west-1');
  });
});

describe('secret references', () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';
  const ref = (valueFrom: string): SecretRef => ({ valueFrom, store: ecsSecretStore(valueFrom), key: null, optional: false, registryAuth: false });

  it('takes a Secrets Manager ARN to Secrets Manager, anything else to Parameter Store', () => {
    expect(ecsSecretStore(arn)).toBe('secretsmanager');
    expect(ecsSecretStore('arn:aws:ssm:us-east-1:123456789012:parameter/prod/db')).toBe('ssm');
    expect(ecsSecretStore('/prod/db/password')).toBe('ssm');
  });

  it('names the secret without its JSON key, version stage and id', () => {
    expect(secretId(`${arn}:password::`)).toBe(arn);
    expect(secretId(arn)).toBe(arn);
    expect(secretId('/prod/db/password')).toBe('/prod/db/password');
  });

  it('reads a valueFrom apart: store, secret, name and JSON key', () => {
    expect(parseEcsValueFrom(`${arn}:password:AWSCURRENT:`)).toEqual({ store: 'secretsmanager', id: arn, name: 'prod/db-AbCdEf', jsonKey: 'password' });
    expect(parseEcsValueFrom(`${arn}::AWSPREVIOUS:`)).toEqual({ store: 'secretsmanager', id: arn, name: 'prod/db-AbCdEf', jsonKey: null });
    expect(parseEcsValueFrom('arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf').store).toBe('secretsmanager');
    const parameterArn = 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/db';
    expect(parseEcsValueFrom(parameterArn)).toEqual({ store: 'ssm', id: parameterArn, name: '/prod/db', jsonKey: null });
    expect(parseEcsValueFrom('db_password')).toEqual({ store: 'ssm', id: 'db_password', name: 'db_password', jsonKey: null });
  });

  it('a fault naming the secret hits every reference to it, and no other', () => {
    const fault = { secret: arn, fails: 'access-denied' as const };
    expect(secretFaultFor(ref(`${arn}:username::`), [fault])).toBe(fault);
    expect(secretFaultFor(ref(arn), [fault])).toBe(fault);
    expect(secretFaultFor(ref('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/other-XyZ123'), [fault])).toBeUndefined();
  });
});
